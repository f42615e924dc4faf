import { requireFrameworkImage, processorFor } from './framework-images';
import type { FrameworkImage } from './framework-images';
import { isScriptMode } from './framework-schema';
import type { SourceBundle } from './source-bundle';
import type { TrainingConfig } from './training-schema';

/** what joins a framework model's identity besides its hyperparameters, instances and channels. */
export interface FrameworkIdentity {
  /** the training image as `<repository>:<tag>` (the table entry: the same image in every region) */
  readonly image: string;
  /** framework settings, recorded with the algorithm settings */
  readonly algorithm: Readonly<Record<string, string>>;
}

/**
 * the framework part of a model's identity, undefined for the sample container (whose identity is
 * unchanged): the framework, its version, the image (repository and tag, which carry the processor
 * and Python version) and, in script mode, the entry point, the distribution and the sha256 of the
 * packed sourceDir, so a change of the code retrains the model.
 */
export function frameworkAlgorithmSettings(model: { readonly training: TrainingConfig; readonly tooling: { readonly region: string }; readonly code?: SourceBundle }): FrameworkIdentity | undefined {
  const framework = model.training.framework;
  if (framework === undefined) return undefined;
  const image = trainingImageOf(model.training, model.tooling.region);
  if (image === undefined) return undefined;
  const algorithm: Record<string, string> = { framework: framework.name, frameworkVersion: framework.version };
  if (isScriptMode(framework)) {
    if (model.code === undefined) {
      throw new Error(`the ${framework.name} model's sourceDir "${framework.sourceDir ?? ''}" has not been packed; load the config with loadConfig() or parseConfig(), which pack it relative to the config file`);
    }
    algorithm.entryPoint = framework.entryPoint;
    algorithm.distribution = framework.distribution;
    algorithm.sourceSha256 = model.code.sha256;
  }
  return { image: image.reference, algorithm };
}

/** the framework image a model trains on in a region (undefined for the sample container). */
export function trainingImageOf(training: TrainingConfig, region: string): FrameworkImage | undefined {
  const framework = training.framework;
  if (framework === undefined) return undefined;
  return requireFrameworkImage({ name: framework.name, version: framework.version, scope: 'training', region, processor: processorFor(training.instanceType), pythonVersion: framework.pythonVersion });
}
