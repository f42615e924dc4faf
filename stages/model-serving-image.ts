import { Aws } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EndpointConfig } from '../config';
import { processorFor, requireFrameworkImage } from '../config/framework-images';
import type { FrameworkConfig } from '../config/framework-schema';
import { isScriptMode } from '../config/framework-schema';
import type { ContainerImageSource } from '../containers/images';
import { servingImage } from './serving-image';
import type { ServingImage } from './serving-image';

/** where the framework inference images find the inference code: the model archive's `code/` folder. */
export const MODEL_CODE_DIR = '/opt/ml/model/code';

/** the image an endpoint serves its models with, and the environment that image reads. */
export interface ModelServingImage extends ServingImage {
  /**
   * the container environment the image needs
   * @default - the sample serving container's (EndpointModel sets it)
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/** props of modelServingImage. */
export interface ModelServingImageProps {
  /** the framework of the served models (config validation makes every model of one endpoint share the image); undefined: the sample */
  readonly framework: FrameworkConfig | undefined;
  /** the endpoint settings (the instance type picks the CPU or GPU image; serverless is CPU) */
  readonly endpoint: EndpointConfig;
  /** the endpoint's region: SageMaker pulls the image there */
  readonly region: string;
  /**
   * where the sample serving image is built from
   * @default CONTAINER_IMAGES.serving
   */
  readonly servingImageSource?: ContainerImageSource;
}

/**
 * the image of a stage's endpoint, from the served models' framework: the sample serving
 * container (a Docker image asset) for the sample model, the XGBoost image for XGBoost, and the
 * framework's inference image for scikit-learn and PyTorch, which runs the model's inference script
 * from the archive's `code/` folder (the environment the SageMaker Python SDK's FrameworkModel sets
 * with network isolation: SAGEMAKER_PROGRAM, SAGEMAKER_SUBMIT_DIRECTORY, SAGEMAKER_REGION and the
 * log level).
 */
export function modelServingImage(scope: Construct, id: string, props: ModelServingImageProps): ModelServingImage {
  const { framework, endpoint, region } = props;
  if (framework === undefined) return servingImage(scope, id, props.servingImageSource);
  const processor = endpoint.kind === 'serverless' ? 'cpu' : processorFor(endpoint.instance.instanceType);
  const image = requireFrameworkImage({ name: framework.name, version: framework.version, scope: 'inference', region, processor, pythonVersion: framework.pythonVersion });
  const repositoryArn = `arn:${Aws.PARTITION}:ecr:${image.region}:${image.account}:repository/${image.repository}`;
  if (!isScriptMode(framework)) return { imageUri: image.uri, repositoryArn, environment: {} };
  return {
    imageUri: image.uri,
    repositoryArn,
    environment: {
      SAGEMAKER_PROGRAM: framework.inferenceEntryPoint,
      SAGEMAKER_SUBMIT_DIRECTORY: MODEL_CODE_DIR,
      SAGEMAKER_CONTAINER_LOG_LEVEL: '20',
      SAGEMAKER_REGION: region,
    },
  };
}
