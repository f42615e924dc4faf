import { FileSystem } from 'aws-cdk-lib';
import { join } from 'node:path';
import type { AppConfig } from '../config';
import { modelsBucketName } from '../config';
import { MODELS_PREFIX, modelArtifactKey, trainingIdentity } from '../config/training-identity';
import type { ModelArtifactLocation } from '../stages/model-artifact';

/** the folder the training image is built from. */
const TRAINING_IMAGE_DIR = join(__dirname, '..', 'containers');

/** where this commit's model lives: the models bucket and the content-addressed key. */
export function modelArtifactFor(config: AppConfig): ModelArtifactLocation {
  const imageFingerprint = FileSystem.fingerprint(TRAINING_IMAGE_DIR, { exclude: ['serving/**', '**/test/**', '**/*.md'] });
  const identity = trainingIdentity({
    imageFingerprint,
    hyperparameters: {},
    instance: { type: config.training.instanceType, count: config.training.instanceCount, volumeSizeGb: 0 },
    channels: [],
    algorithm: {},
  });
  return { bucketName: modelsBucketName(config), key: modelArtifactKey(identity), prefix: MODELS_PREFIX };
}
