import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DockerImageSource } from 'aws-cdk-lib/cloud-assembly-schema';

/** one Docker image asset of the synthesized app, as the pipeline's asset stage builds it. */
export interface ImageAsset {
  /** the asset hash (the image tag in ECR) */
  readonly hash: string;
  /** the Dockerfile, relative to the build context (`serving/Dockerfile`) */
  readonly dockerFile: string;
  /** the staged build context: the asset copy with the asset's excludes applied */
  readonly contextDir: string;
  /** the source exactly as the asset manifest holds it */
  readonly source: DockerImageSource;
}

/** the source fields this check cannot reproduce; an asset using one fails the check instead of being built differently. */
const UNSUPPORTED: readonly (keyof DockerImageSource)[] = ['executable', 'dockerBuildContexts', 'dockerBuildSsh', 'dockerBuildSecrets', 'dockerOutputs', 'networkMode'];

async function manifestsUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.filter((e) => e.isDirectory() && e.name.startsWith('assembly-')).map((e) => manifestsUnder(path.join(dir, e.name))));
  return [...entries.filter((e) => e.isFile() && e.name.endsWith('.assets.json')).map((e) => path.join(dir, e.name)), ...nested.flat()];
}

/**
 * every distinct Docker image asset of a synthesized cloud assembly (`cdk synth --output dir`),
 * from the asset manifests of the app and its stage assemblies.
 */
export async function imageAssetsOf(assemblyDir: string): Promise<ImageAsset[]> {
  const byHash = new Map<string, ImageAsset>();
  for (const manifest of await manifestsUnder(assemblyDir)) {
    const contents = JSON.parse(await fs.readFile(manifest, 'utf8')) as { dockerImages?: Record<string, { source: DockerImageSource }> };
    for (const [hash, image] of Object.entries(contents.dockerImages ?? {})) {
      if (byHash.has(hash)) continue;
      const { source } = image;
      if (source.directory === undefined) throw new Error(`image asset ${hash} in ${manifest} is built by a command, not from a directory; the check builds directory assets only`);
      byHash.set(hash, { hash, dockerFile: source.dockerFile ?? 'Dockerfile', contextDir: path.resolve(path.dirname(manifest), source.directory), source });
    }
  }
  return [...byHash.values()].sort((a, b) => a.dockerFile.localeCompare(b.dockerFile));
}

/**
 * the `docker build` arguments the CDK asset publisher uses for an asset (run in its context
 * folder), so the check builds exactly what the pipeline builds.
 */
export function dockerBuildArgs(asset: ImageAsset, tag: string): string[] {
  const { source } = asset;
  const unsupported = UNSUPPORTED.filter((field) => source[field] !== undefined);
  if (unsupported.length > 0) throw new Error(`image asset ${asset.hash} (${asset.dockerFile}) sets ${unsupported.join(', ')}, which the image check does not reproduce; extend containers/test/docker/asset-images.ts`);
  return [
    'build',
    '--tag',
    tag,
    '--file',
    asset.dockerFile,
    ...Object.entries(source.dockerBuildArgs ?? {}).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]),
    ...(source.dockerBuildTarget ? ['--target', source.dockerBuildTarget] : []),
    ...(source.platform ? ['--platform', source.platform] : []),
    ...(source.cacheDisabled ? ['--no-cache'] : []),
    '.',
  ];
}
