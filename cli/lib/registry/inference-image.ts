import type { AppConfig, ModelConfig } from '../../../config';
import { processorFor, requireFrameworkImage } from '../../../config/framework-images';
import { isScriptMode } from '../../../config/framework-schema';

/** where the framework inference images find the inference code (stages/model-serving-image.ts MODEL_CODE_DIR). */
const MODEL_CODE_DIR = '/opt/ml/model/code';

/** the container a version is registered with: its image and, in script mode, the environment it reads. */
export interface RegisteredContainer {
  readonly image: string;
  /**
   * the container environment (script mode: the inference script)
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * the inference container a model's versions are registered with, as an endpoint serves it
 * (stages/model-serving-image.ts): the sample serving image (the Train stage's ServingImageUri)
 * for the sample model; for a framework model (`framework:`) its framework's inference image of the
 * tooling region, where the registry is, on the processor of the first stage serving it (CPU for
 * serverless; the training instance's when no stage serves it), with the script-mode environment.
 */
export function registeredContainer(config: AppConfig, model: ModelConfig, servingImageUri: string): RegisteredContainer {
  const framework = model.training.framework;
  if (framework === undefined) return { image: servingImageUri };
  const stage = config.stages.find((s) => s.models.includes(model.name));
  const processor = stage ? (stage.endpoint.kind === 'serverless' ? 'cpu' : processorFor(stage.endpoint.instance.instanceType)) : processorFor(model.training.instanceType);
  const region = config.tooling.region;
  const image = requireFrameworkImage({ name: framework.name, version: framework.version, scope: 'inference', region, processor, pythonVersion: framework.pythonVersion });
  if (!isScriptMode(framework)) return { image: image.uri };
  return {
    image: image.uri,
    environment: { SAGEMAKER_PROGRAM: framework.inferenceEntryPoint, SAGEMAKER_SUBMIT_DIRECTORY: MODEL_CODE_DIR, SAGEMAKER_CONTAINER_LOG_LEVEL: '20', SAGEMAKER_REGION: region },
  };
}
