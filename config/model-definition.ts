import type { AppConfig } from './app-config';
import { trainingDataBucketName } from './names';
import type { ModelDefinition } from './training-identity';
import { modelArtifactKey, trainingIdentity } from './training-identity';

/**
 * what determines the model of a config: the training image, the hyperparameters, the instance
 * settings, the channels with their declared data version, and the input settings. Operational
 * settings (spot, runtime and wait limits, retries, checkpoint cadence, the metric gate) do not
 * change the trained model, so they are left out and changing them does not retrain.
 * @param imageFingerprint the training image's CDK asset hash (its ECR image tag)
 */
export function modelDefinitionFor(config: Pick<AppConfig, 'project' | 'tooling' | 'training'>, imageFingerprint: string): ModelDefinition {
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
  return {
    imageFingerprint,
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
export function modelKeyFor(config: Pick<AppConfig, 'project' | 'tooling' | 'training'>, imageFingerprint: string): string {
  return modelArtifactKey(trainingIdentity(modelDefinitionFor(config, imageFingerprint)));
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
