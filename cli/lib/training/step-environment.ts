import { regionalModelStoreVariables } from '../../../config/names';

/** a regional model store: the models bucket of another region a stage deploys to, and its key. */
export interface RegionalModelStore {
  readonly region: string;
  /** the regional models bucket */
  readonly bucket: string;
  /** the KMS key the regional bucket's objects are encrypted with */
  readonly kmsKeyArn: string;
}

/** the deployed names the training step reads from its environment (the Train stage's outputs). */
export interface TrainingTarget {
  /** the training image URI, tagged with its asset hash */
  readonly imageUri: string;
  /** the training execution role */
  readonly roleArn: string;
  /** the models bucket */
  readonly modelsBucket: string;
  /** the training-data bucket */
  readonly trainingDataBucket: string;
  /** the KMS key of models, training data and volumes */
  readonly kmsKeyArn: string;
  /** private subnets of the training VPC (1-16) */
  readonly subnetIds: readonly string[];
  /** the training security group */
  readonly securityGroupId: string;
  /** the key synth computed for the catalogue's first model, when given: the step checks it computes the same */
  readonly expectedModelKey: string | undefined;
  /** every model's key synth computed, by model name, when given (EXPECTED_MODEL_KEYS): the step checks it computes the same */
  readonly expectedModelKeys?: Readonly<Record<string, string>>;
  /** the commit being built, when known */
  readonly commit: string | undefined;
  /** the models buckets of the other regions stages deploy to: each gets a copy of the model */
  readonly regionalStores: readonly RegionalModelStore[];
  /**
   * `s3://<bucket>/<key>` of each script-mode model's packed sourceDir, by model name (SOURCE_ARCHIVES)
   * @default - none: no model of the catalogue trains in script mode
   */
  readonly sourceArchives?: Readonly<Record<string, string>>;
}

/** the environment variables of the training step, what each holds, and an example. */
export const TRAINING_VARIABLES = {
  TRAINING_IMAGE_URI: 'the training image URI (Train stage output TrainingImageUri)',
  TRAINING_ROLE_ARN: 'the training execution role ARN (output TrainingRoleArn)',
  MODELS_BUCKET: 'the models bucket name (output ModelsBucketName)',
  TRAINING_DATA_BUCKET: 'the training-data bucket name (output TrainingDataBucketName)',
  MODEL_KMS_KEY_ARN: 'the KMS key ARN of the model store (output ModelKeyArn)',
  TRAINING_SUBNET_IDS: 'comma-separated private subnet ids (output TrainingSubnetIds)',
  TRAINING_SECURITY_GROUP_ID: 'the training security group id (output TrainingSecurityGroupId)',
} as const;

/** a missing or malformed step variable. */
export class StepEnvironmentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the training step's environment is incomplete:\n${problems.map((p) => `  - ${p}`).join('\n')}\nthe pipeline sets these from the Train stage's outputs; when running by hand, export them (see docs/developers.md, "Variables the train step reads")`);
    this.name = 'StepEnvironmentError';
  }
}

const ARN = /^arn:aws[a-z-]*:/;

/** reads the regional stores' variables of each region, adding a problem for each missing or malformed one. */
function readRegionalStores(env: NodeJS.ProcessEnv, regions: readonly string[], problems: string[]): RegionalModelStore[] {
  return regions.map((region) => {
    const names = regionalModelStoreVariables(region);
    const bucket = env[names.bucket]?.trim() ?? '';
    const kmsKeyArn = env[names.kmsKeyArn]?.trim() ?? '';
    const output = `of stack <prefix>-model-store-${region}; a stage deploys to ${region}, so the model is copied there`;
    if (bucket === '') problems.push(`${names.bucket} is not set: the models bucket of ${region} (output ModelsBucketName ${output})`);
    if (kmsKeyArn === '') problems.push(`${names.kmsKeyArn} is not set: the KMS key ARN of ${region}'s models bucket (output ModelKeyArn ${output})`);
    else if (!(ARN.test(kmsKeyArn) && kmsKeyArn.includes(`:kms:${region}:`) && kmsKeyArn.includes(':key/'))) {
      problems.push(`${names.kmsKeyArn} "${kmsKeyArn}" is not a KMS key ARN in ${region} such as "arn:aws:kms:${region}:111111111111:key/<id>"`);
    }
    return { region, bucket, kmsKeyArn };
  });
}

/**
 * reads and checks the step's variables, listing every problem at once.
 * @param regions the regions stages deploy to besides the tooling region (regionsBeyondTooling):
 *   each needs its `MODELS_BUCKET_<REGION>` and `MODEL_KMS_KEY_ARN_<REGION>`
 */
export function readTrainingTarget(env: NodeJS.ProcessEnv, regions: readonly string[] = []): TrainingTarget {
  const problems: string[] = [];
  const get = (name: keyof typeof TRAINING_VARIABLES): string => {
    const value = env[name]?.trim() ?? '';
    if (value === '') problems.push(`${name} is not set: ${TRAINING_VARIABLES[name]}`);
    return value;
  };
  const imageUri = get('TRAINING_IMAGE_URI');
  const roleArn = get('TRAINING_ROLE_ARN');
  const modelsBucket = get('MODELS_BUCKET');
  const trainingDataBucket = get('TRAINING_DATA_BUCKET');
  const kmsKeyArn = get('MODEL_KMS_KEY_ARN');
  const subnets = get('TRAINING_SUBNET_IDS');
  const securityGroupId = get('TRAINING_SECURITY_GROUP_ID');
  if (roleArn && !(ARN.test(roleArn) && roleArn.includes(':role/'))) problems.push(`TRAINING_ROLE_ARN "${roleArn}" is not an IAM role ARN such as "arn:aws:iam::111111111111:role/mlops-training-execution"`);
  if (kmsKeyArn && !(ARN.test(kmsKeyArn) && kmsKeyArn.includes(':key/'))) problems.push(`MODEL_KMS_KEY_ARN "${kmsKeyArn}" is not a KMS key ARN such as "arn:aws:kms:eu-west-1:111111111111:key/<id>"`);
  const subnetIds = subnets.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (subnets && (subnetIds.length < 1 || subnetIds.length > 16 || subnetIds.some((s) => !/^subnet-[0-9a-f]+$/.test(s)))) {
    problems.push(`TRAINING_SUBNET_IDS "${subnets}" must list 1 to 16 subnet ids separated by commas, e.g. "subnet-0abc,subnet-0def"`);
  }
  if (securityGroupId && !/^sg-[0-9a-f]+$/.test(securityGroupId)) problems.push(`TRAINING_SECURITY_GROUP_ID "${securityGroupId}" is not a security group id such as "sg-0abc123"`);
  const regionalStores = readRegionalStores(env, regions, problems);
  const expectedModelKeys = readModelMap('EXPECTED_MODEL_KEYS', env.EXPECTED_MODEL_KEYS, problems, MODEL_KEY_VALUES);
  const sourceArchives = readModelMap('SOURCE_ARCHIVES', env.SOURCE_ARCHIVES, problems, SOURCE_ARCHIVE_VALUES);
  if (problems.length > 0) throw new StepEnvironmentError(problems);
  const expected = env.EXPECTED_MODEL_KEY?.trim();
  const commit = env.CODEBUILD_RESOLVED_SOURCE_VERSION?.trim() || env.MLPIPE_COMMIT?.trim();
  return {
    imageUri,
    roleArn,
    modelsBucket,
    trainingDataBucket,
    kmsKeyArn,
    subnetIds,
    securityGroupId,
    expectedModelKey: expected ? expected : undefined,
    commit: commit ? commit : undefined,
    regionalStores,
    ...(expectedModelKeys ? { expectedModelKeys } : {}),
    ...(sourceArchives ? { sourceArchives } : {}),
  };
}

/**
 * a step variable holding a JSON object of model name to string (a stack output), when set: the
 * object, or a problem naming the variable, what each value must be and an example.
 */
function readModelMap(name: string, text: string | undefined, problems: string[], value: { readonly valid: (v: string) => boolean; readonly expected: string }): Record<string, string> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const valid = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed as object).every((v) => typeof v === 'string' && value.valid(v));
  if (!valid) {
    problems.push(`${name} "${text.slice(0, 80)}" is not a JSON object of model name to ${value.expected}`);
    return undefined;
  }
  return parsed as Record<string, string>;
}

/** SOURCE_ARCHIVES: model name to the S3 URI of its packed sourceDir (the training stack's SourceArchives output). */
const SOURCE_ARCHIVE_VALUES = {
  valid: (v: string) => v.startsWith('s3://'),
  expected: 'S3 URI such as {"iris-torch":"s3://cdk-hnb659fds-assets-111111111111-eu-west-1/<hash>.gz"} (output SourceArchives of the training stack)',
};

/** EXPECTED_MODEL_KEYS: model name to key (the Train stage's ModelKeys output). */
const MODEL_KEY_VALUES = {
  valid: () => true,
  expected: 'key such as {"iris-softmax":"models/<identity>/model.tar.gz"} (output ModelKeys of the training stack)',
};
