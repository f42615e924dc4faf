import * as path from 'node:path';
import { IgnoreMode } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import type { DockerImageAssetProps } from 'aws-cdk-lib/aws-ecr-assets';

/**
 * where a container image is built from, in the shape `DockerImageAsset` takes (see
 * `dockerImageAssetProps`).
 */
export interface ContainerImageSource {
  /** the Docker build context (the `containers/` folder, absolute), shared so both images get `model/` */
  readonly directory: string;
  /** the Dockerfile, relative to `directory` */
  readonly file: string;
  /**
   * what the asset leaves out (Docker ignore syntax): the other image's folder, tests, docs and local
   * tooling, so the asset hash (and so the image and the training identity) changes only when
   * something this image is built from changes
   */
  readonly exclude: readonly string[];
  /** how `exclude` is read */
  readonly ignoreMode: IgnoreMode;
  /**
   * the platform the image is built for (`docker build --platform`): SageMaker's ml.* instances are
   * x86_64, so an image built on an ARM laptop must still be linux/amd64
   */
  readonly platform: Platform;
}

/** left out of both images: also listed in containers/.dockerignore for plain `docker build`. */
export const SHARED_EXCLUDES: readonly string[] = ['**/node_modules', '**/dist', '**/test', 'sample-data', 'images.ts', '**/*.md', '.gitignore'];

const directory = path.resolve(__dirname);

/** the training and serving images of the sample model. */
export const CONTAINER_IMAGES: { readonly training: ContainerImageSource; readonly serving: ContainerImageSource } = {
  training: { directory, file: 'training/Dockerfile', exclude: ['serving', ...SHARED_EXCLUDES], ignoreMode: IgnoreMode.DOCKER, platform: Platform.LINUX_AMD64 },
  serving: { directory, file: 'serving/Dockerfile', exclude: ['training', ...SHARED_EXCLUDES], ignoreMode: IgnoreMode.DOCKER, platform: Platform.LINUX_AMD64 },
};

/** the `DockerImageAsset` props of an image source: `new DockerImageAsset(this, 'ServingImage', dockerImageAssetProps(CONTAINER_IMAGES.serving))`. */
export function dockerImageAssetProps(source: ContainerImageSource): DockerImageAssetProps {
  return { directory: source.directory, file: source.file, exclude: [...source.exclude], ignoreMode: source.ignoreMode, platform: source.platform };
}
