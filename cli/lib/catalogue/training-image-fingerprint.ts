import { App, Stack } from 'aws-cdk-lib';
import { DockerImageAsset } from 'aws-cdk-lib/aws-ecr-assets';
import { CONTAINER_IMAGES, dockerImageAssetProps } from '../../../containers/images';
import type { ContainerImageSource } from '../../../containers/images';

/**
 * the training image's asset hash as synth computes it (the same asset props as TrainingStack),
 * without synthesizing anything: the fingerprint of the image's source folder and build settings.
 */
export function trainingImageFingerprint(image: ContainerImageSource = CONTAINER_IMAGES.training): string {
  const stack = new Stack(new App(), 'Fingerprint');
  return new DockerImageAsset(stack, 'TrainingImage', dockerImageAssetProps(image)).assetHash;
}
