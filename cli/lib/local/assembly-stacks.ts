import { promises as fs } from 'node:fs';
import * as path from 'node:path';

interface ManifestArtifact {
  readonly type?: string;
  readonly properties?: { readonly directoryName?: string };
}

/**
 * the stacks of a cloud assembly, counted from its manifest.json and those of its nested
 * assemblies (CDK Pipelines stages), so templates left in the folder by older synths do not count.
 */
export async function assemblyStackCount(assemblyDir: string): Promise<number> {
  const manifest = JSON.parse(await fs.readFile(path.join(assemblyDir, 'manifest.json'), 'utf8')) as { artifacts?: Record<string, ManifestArtifact> };
  let stacks = 0;
  for (const artifact of Object.values(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') stacks += 1;
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) stacks += await assemblyStackCount(path.join(assemblyDir, artifact.properties.directoryName));
  }
  return stacks;
}
