import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, IgnoreStrategy, Stack } from 'aws-cdk-lib';
import { DockerImageAsset } from 'aws-cdk-lib/aws-ecr-assets';
import { CONTAINER_IMAGES, SHARED_EXCLUDES, dockerImageAssetProps } from '../images';
import type { ContainerImageSource } from '../images';

const SOURCE = path.resolve(__dirname, '..');

async function copyTree(from: string, to: string): Promise<void> {
  await fs.cp(from, to, { recursive: true, filter: (src) => !/[\\/](node_modules|dist)$/.test(src) });
}

/** the asset hash CDK computes for `image` rebased onto `dir`, as a stack would create it. */
function assetHash(image: ContainerImageSource, dir: string): string {
  const app = new App({ outdir: path.join(dir, '..', `cdk.out-${Math.random().toString(36).slice(2)}`), context: { 'aws:cdk:disable-asset-staging': true } });
  const stack = new Stack(app, 'Images');
  const asset = new DockerImageAsset(stack, 'Image', dockerImageAssetProps({ ...image, directory: dir }));
  return asset.assetHash;
}

describe('container image assets', () => {
  let work: string;
  let copy: string;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'images-'));
    copy = path.join(work, 'containers');
    await copyTree(SOURCE, copy);
  });
  afterAll(async () => {
    await fs.rm(work, { recursive: true, force: true });
  });

  async function hashesAfter(edit: string): Promise<{ training: boolean; serving: boolean }> {
    const before = { training: assetHash(CONTAINER_IMAGES.training, copy), serving: assetHash(CONTAINER_IMAGES.serving, copy) };
    const file = path.join(copy, edit);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.appendFile(file, `\n// touched ${Date.now()}\n`);
    return {
      training: assetHash(CONTAINER_IMAGES.training, copy) !== before.training,
      serving: assetHash(CONTAINER_IMAGES.serving, copy) !== before.serving,
    };
  }

  test('the build context is the containers folder and each Dockerfile exists', async () => {
    for (const image of [CONTAINER_IMAGES.training, CONTAINER_IMAGES.serving]) {
      expect(image.directory).toBe(SOURCE);
      await expect(fs.access(path.join(image.directory, image.file))).resolves.toBeUndefined();
    }
  });

  test('a change to the serving code changes the serving image only', async () => {
    expect(await hashesAfter('serving/src/server.ts')).toEqual({ training: false, serving: true });
  });

  test('a change to the training code changes the training image only', async () => {
    expect(await hashesAfter('training/src/train-job.ts')).toEqual({ training: true, serving: false });
  });

  test('a change to the serving Dockerfile changes the serving image only', async () => {
    expect(await hashesAfter('serving/Dockerfile')).toEqual({ training: false, serving: true });
  });

  test('a change to the shared model library changes both images', async () => {
    expect(await hashesAfter('model/src/predictor.ts')).toEqual({ training: true, serving: true });
  });

  test('tests, docs and local tooling change neither image', async () => {
    for (const edit of ['serving/test/new.test.ts', 'training/test/new.test.ts', 'model/test/new.test.ts', 'test/x.test.ts', 'README.md', 'serving/NOTES.md', 'sample-data/src/iris.ts', 'images.ts']) {
      expect(await hashesAfter(edit)).toEqual({ training: false, serving: false });
    }
  });

  test('.dockerignore holds exactly the shared exclusions, so docker build and CDK agree', async () => {
    const lines = (await fs.readFile(path.join(SOURCE, '.dockerignore'), 'utf8')).split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(lines.sort()).toEqual([...SHARED_EXCLUDES].sort());
  });

  test('nothing a Dockerfile copies from the context is excluded from its asset', async () => {
    for (const image of [CONTAINER_IMAGES.training, CONTAINER_IMAGES.serving]) {
      const dockerfile = await fs.readFile(path.join(SOURCE, image.file), 'utf8');
      const sources = dockerfile
        .split('\n')
        .filter((line) => /^COPY\s/.test(line) && !line.includes('--from='))
        .flatMap((line) => line.trim().split(/\s+/).slice(1, -1));
      expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'model/src']));
      const ignore = IgnoreStrategy.fromCopyOptions({ exclude: [...image.exclude], ignoreMode: image.ignoreMode }, SOURCE);
      for (const source of sources) {
        await expect(fs.access(path.join(SOURCE, source))).resolves.toBeUndefined();
        expect({ source, ignored: ignore.ignores(path.join(SOURCE, source)) }).toEqual({ source, ignored: false });
      }
    }
  });
});
