import { DockerImageAsset } from 'aws-cdk-lib/aws-ecr-assets';
import type { Construct } from 'constructs';
import { CONTAINER_IMAGES, dockerImageAssetProps } from '../containers/images';
import type { ContainerImageSource } from '../containers/images';

/** the serving image as the endpoint uses it. */
export interface ServingImage {
  /** the image URI with its digest-addressed tag, for `PrimaryContainer.Image` */
  readonly imageUri: string;
  /** the ECR repository the image is pulled from (the only one the execution role may pull) */
  readonly repositoryArn: string;
}

/**
 * the serving container as a Docker image asset: built once by the pipeline's asset stage and
 * published to every stage account, so each stage serves the same image digest.
 */
export function servingImage(scope: Construct, id: string, source: ContainerImageSource = CONTAINER_IMAGES.serving): ServingImage {
  const asset = new DockerImageAsset(scope, id, dockerImageAssetProps(source));
  return { imageUri: asset.imageUri, repositoryArn: asset.repository.repositoryArn };
}
