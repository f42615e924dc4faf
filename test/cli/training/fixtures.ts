import type { TrainingTarget } from '../../../cli/lib/training/step-environment';
import type { AppConfig } from '../../../config';
import { testConfig } from '../../helpers/test-config';

/** the asset hash the training image is tagged with in these tests. */
export const IMAGE_HASH = 'a'.repeat(64);
export const IMAGE_URI = `111111111111.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111111111111-eu-west-1:${IMAGE_HASH}`;
export const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const ROLE_ARN = 'arn:aws:iam::111111111111:role/tst-training-execution';
export const COMMIT = '4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f';

/** the step variables as the pipeline sets them. */
export function stepEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    TRAINING_IMAGE_URI: IMAGE_URI,
    TRAINING_ROLE_ARN: ROLE_ARN,
    MODELS_BUCKET: 'tst-models-111111111111-eu-west-1',
    TRAINING_DATA_BUCKET: 'tst-training-data-111111111111-eu-west-1',
    MODEL_KMS_KEY_ARN: KEY_ARN,
    TRAINING_SUBNET_IDS: 'subnet-0aaa,subnet-0bbb',
    TRAINING_SECURITY_GROUP_ID: 'sg-0ccc',
    CODEBUILD_RESOLVED_SOURCE_VERSION: COMMIT,
    ...overrides,
  };
}

/** the deployed names of the test stage. */
export function target(overrides: Partial<TrainingTarget> = {}): TrainingTarget {
  return {
    imageUri: IMAGE_URI,
    roleArn: ROLE_ARN,
    modelsBucket: 'tst-models-111111111111-eu-west-1',
    trainingDataBucket: 'tst-training-data-111111111111-eu-west-1',
    kmsKeyArn: KEY_ARN,
    subnetIds: ['subnet-0aaa', 'subnet-0bbb'],
    securityGroupId: 'sg-0ccc',
    expectedModelKey: undefined,
    commit: COMMIT,
    regionalStores: [],
    ...overrides,
  };
}

/** the test config with training overrides. */
export function trainingConfig(training: Record<string, unknown> = {}): AppConfig {
  return testConfig({ training });
}

/** an SDK-shaped service error. */
export function serviceError(name: string, message = name, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode, attempts: 3 } });
}

/** the Train step's role: the one writer the models buckets allow. */
export const WRITER = 'arn:aws:iam::111111111111:role/tst-train-model';

/** the HeadObject answer for a model this pipeline published at `models/<identity>/model.tar.gz`. */
export function publishedHead(identity: string, kmsKeyArn: string = KEY_ARN, metadata: Record<string, string | undefined> = {}) {
  const all: Record<string, string | undefined> = {
    'training-job': 'tst-old-job',
    identity,
    'metric-name': 'validation:accuracy',
    'metric-value': '0.9667',
    commit: 'abc1234',
    writer: WRITER,
    ...metadata,
  };
  return {
    Metadata: Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined)),
    ServerSideEncryption: 'aws:kms' as const,
    SSEKMSKeyId: kmsKeyArn,
    ContentLength: 2048,
    ContentType: 'application/gzip',
  };
}
