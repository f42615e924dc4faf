import type { AppConfig } from './app-config';
import type { TrainingConfig } from './training-schema';
import { frameworkAlgorithmSettings, trainingImageOf } from './framework-identity';
import { trainingDataBucketName } from './names';
import type { SourceBundle } from './source-bundle';
import type { ModelDefinition } from './training-identity';
import { MODELS_PREFIX, modelArtifactKey, trainingIdentity } from './training-identity';

/**
 * what a model's identity is computed from: the names of the buckets and one model's training
 * settings (with its packed sourceDir in script mode).
 */
export type ModelSource = Pick<AppConfig, 'project' | 'tooling'> & { readonly training: TrainingConfig; readonly code?: SourceBundle };

/**
 * what determines the model of a config: the training image, the hyperparameters, the instance
 * settings, the channels with their declared data version, and the input settings. Operational
 * settings (spot, runtime and wait limits, retries, checkpoint cadence, the metric gate) do not
 * change the trained model, so they are left out and changing them does not retrain.
 * @param imageFingerprint the training image's CDK asset hash (its ECR image tag)
 */
export function modelDefinitionFor(config: ModelSource, imageFingerprint: string): ModelDefinition {
  if (!/^[0-9a-f]{64}$/.test(imageFingerprint)) {
    throw new Error(`training image fingerprint "${imageFingerprint}" is not a 64-character CDK asset hash; pass the training image asset's assetHash (the tag of its ECR image)`);
  }
  const { training } = config;
  const bucket = trainingDataBucketName(config);
  const algorithm: Record<string, string> = { inputMode: training.inputMode };
  for (const [name, channel] of Object.entries(training.channels)) {
    algorithm[`channel.${name}.contentType`] = channel.contentType;
    algorithm[`channel.${name}.distribution`] = channel.distribution;
  }
  const framework = frameworkAlgorithmSettings(config);
  if (framework) Object.assign(algorithm, framework.algorithm);
  return {
    // a framework model trains on AWS's image, not the sample container: its identity records that image
    imageFingerprint: framework ? framework.image : imageFingerprint,
    hyperparameters: { ...training.hyperparameters },
    instance: { type: training.instanceType, count: training.instanceCount, volumeSizeGb: training.volumeSizeGb },
    channels: Object.entries(training.channels).map(([name, channel]) => ({
      name,
      uri: `s3://${bucket}/${channel.prefix}`,
      dataVersion: channel.dataVersion,
    })),
    algorithm,
  };
}

/** the content-addressed key of the model a config and training image produce. */
export function modelKeyFor(config: ModelSource, imageFingerprint: string): string {
  return modelArtifactKey(trainingIdentity(modelDefinitionFor(config, imageFingerprint)));
}

/** one model of the catalogue with its content address. */
export interface CatalogueEntry {
  /** the model's name in the catalogue */
  readonly name: string;
  /** its training identity (the hash) */
  readonly identity: string;
  /** its content-addressed key, `models/<identity>/model.tar.gz` */
  readonly key: string;
  /** what a multi-model endpoint's TargetModel names it by: the key under the models prefix, `<identity>/model.tar.gz` */
  readonly targetModel: string;
  /**
   * the AWS framework image the model trains on, in the tooling region
   * @default - none: the model trains on the sample container (the Train stage's image)
   */
  readonly trainingImageUri?: string;
}

/**
 * the content address of every model of the catalogue, in catalogue order. Each model's identity
 * is computed exactly as modelKeyFor computes a one-model config's (its name is not part of it),
 * so the `training:` block of a config without `models:` keeps the key it had before catalogues.
 */
export function catalogueEntries(config: Pick<AppConfig, 'project' | 'tooling' | 'models'>, imageFingerprint: string): CatalogueEntry[] {
  return config.models.map((model) => {
    const identity = trainingIdentity(modelDefinitionFor({ project: config.project, tooling: config.tooling, training: model.training, code: model.code }, imageFingerprint));
    const key = modelArtifactKey(identity);
    const image = trainingImageOf(model.training, config.tooling.region);
    return { name: model.name, identity, key, targetModel: targetModelOf(key), ...(image ? { trainingImageUri: image.uri } : {}) };
  });
}

/** the TargetModel of a content-addressed key: its path under the models prefix (`<identity>/model.tar.gz`). */
export function targetModelOf(key: string): string {
  if (!key.startsWith(MODELS_PREFIX)) throw new Error(`model key "${key}" is not under ${MODELS_PREFIX}; pass a key from modelArtifactKey()`);
  return key.slice(MODELS_PREFIX.length);
}

/**
 * the training image's fingerprint from its URI: CDK tags asset images with their asset hash
 * (`<account>.dkr.ecr.<region>.amazonaws.com/cdk-...-container-assets-...:<hash>`).
 */
export function imageFingerprintFromUri(imageUri: string): string {
  const match = /:([0-9a-f]{64})$/.exec(imageUri);
  if (!match) {
    throw new Error(`training image URI "${imageUri}" does not end in a CDK asset hash tag (":<64 hex characters>"); pass the image URI the Train stage outputs (TRAINING_IMAGE_URI)`);
  }
  return match[1];
}
