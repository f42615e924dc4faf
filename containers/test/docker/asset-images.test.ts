import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dockerBuildArgs, imageAssetsOf } from './asset-images';
import type { ImageAsset } from './asset-images';

const asset = (source: ImageAsset['source']): ImageAsset => ({ hash: 'abc123', dockerFile: source.dockerFile ?? 'Dockerfile', contextDir: '/tmp/asset.abc123', source });

describe('dockerBuildArgs', () => {
  test('passes the Dockerfile, build arguments, target and platform as the asset publisher does', () => {
    expect(dockerBuildArgs(asset({ directory: 'x', dockerFile: 'serving/Dockerfile', dockerBuildArgs: { NODE_IMAGE: 'node:1.2.3-bookworm-slim' }, dockerBuildTarget: 'final', platform: 'linux/amd64' }), 't:1')).toEqual([
      'build', '--tag', 't:1', '--file', 'serving/Dockerfile', '--build-arg', 'NODE_IMAGE=node:1.2.3-bookworm-slim', '--target', 'final', '--platform', 'linux/amd64', '.',
    ]);
    expect(dockerBuildArgs(asset({ directory: 'x' }), 't:1')).toEqual(['build', '--tag', 't:1', '--file', 'Dockerfile', '.']);
  });

  test('fails when the asset uses a build feature the check does not reproduce', () => {
    expect(() => dockerBuildArgs(asset({ directory: 'x', dockerFile: 'serving/Dockerfile', dockerBuildSecrets: { id: 'src' } }), 't:1')).toThrow(
      'image asset abc123 (serving/Dockerfile) sets dockerBuildSecrets, which the image check does not reproduce; extend containers/test/docker/asset-images.ts',
    );
  });
});

describe('imageAssetsOf', () => {
  test('collects each image asset once from the app and stage assemblies, with its staged context', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'assembly-'));
    try {
      const image = (dockerFile: string) => ({ source: { directory: `../asset.${dockerFile.length}`, dockerFile, platform: 'linux/amd64' }, destinations: {} });
      await fs.mkdir(path.join(dir, 'assembly-App-Prod'));
      await fs.mkdir(path.join(dir, 'assembly-App-Train'));
      await fs.writeFile(path.join(dir, 'App.assets.json'), JSON.stringify({ files: {} }));
      await fs.writeFile(path.join(dir, 'assembly-App-Prod', 'Endpoint.assets.json'), JSON.stringify({ dockerImages: { s1: image('serving/Dockerfile') } }));
      await fs.writeFile(path.join(dir, 'assembly-App-Prod', 'Other.assets.json'), JSON.stringify({ dockerImages: { s1: image('serving/Dockerfile') } }));
      await fs.writeFile(path.join(dir, 'assembly-App-Train', 'Training.assets.json'), JSON.stringify({ dockerImages: { t1: image('training/Dockerfile2') } }));
      const assets = await imageAssetsOf(dir);
      expect(assets.map((a) => [a.hash, a.dockerFile, a.contextDir])).toEqual([
        ['s1', 'serving/Dockerfile', path.join(dir, 'asset.18')],
        ['t1', 'training/Dockerfile2', path.join(dir, 'asset.20')],
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
