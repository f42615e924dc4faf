import { z } from 'zod';
import { instanceTypeProblem } from './instance-types';
import { metricThresholdProblem } from './metric-bounds';
import { checkFramework, frameworkSchema } from './framework-schema';
import { networkSchema } from './network-schema';

/** SageMaker's limits on hyperparameters (CreateTrainingJob `HyperParameters`). */
export const MAX_HYPERPARAMETERS = 100;
export const MAX_HYPERPARAMETER_LENGTH = 256;

/** the longest a job may take for the pipeline's training step to wait for it: 36 h of CodeBuild less 30 min. */
export const MAX_STEP_WAIT_SECONDS = (2160 - 30) * 60;

/** a SageMaker training instance type such as `ml.m5.large` (one the SageMaker API lists for training jobs). */
export const trainingInstanceType = z.string({ error: 'must be a SageMaker training instance type such as "ml.m5.large"' }).superRefine((value, ctx) => {
  const problem = instanceTypeProblem('training', value);
  if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
});

/**
 * whether an instance type has local NVMe instance storage (m5d, c5d, g4dn, p4d, g5, trn1, ...).
 * Such volumes are hardware-encrypted and SageMaker rejects `VolumeKmsKeyId` for them.
 */
export function hasInstanceStorage(instanceType: string): boolean {
  const family = instanceType.split('.')[1] ?? '';
  if (/^[a-z]+\d+[a-z]*d[a-z]*$/.test(family)) return true;
  return ['g5', 'g6', 'g6e', 'gr6', 'p5', 'p5e', 'p5en', 'trn1', 'trn1n', 'trn2', 'inf2'].includes(family);
}

const channelName = z
  .string()
  .regex(/^[A-Za-z0-9.\-_]{1,64}$/, { error: 'is not a channel name; use 1-64 letters, digits, ".", "-" or "_", e.g. "train"' });

/** one input channel, read from the training-data bucket. */
export const channelSchema = z.strictObject({
  prefix: z
    .string({ error: 'must be the S3 key prefix of the channel\'s data in the training-data bucket, e.g. "iris/v1/train/"' })
    .regex(/^(?!\/)[A-Za-z0-9!_.*'()\-/=+]{1,900}\/$/, {
      error: 'must be a key prefix in the training-data bucket without a leading "/" and ending with "/", e.g. "iris/v1/train/"',
    })
    .describe('key prefix of the data in the training-data bucket; put the data version in it, e.g. "iris/2026-11-01/train/"'),
  dataVersion: z
    .string({ error: 'must declare the version of the data, e.g. "2026-11-01"; change it whenever the data under the prefix changes' })
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, { error: 'must be 1-64 letters, digits, ".", "_", ":" or "-", e.g. "2026-11-01" or "v3"' })
    .describe('the declared version of the data; a new version retrains the model; e.g. "2026-11-01"'),
  contentType: z.string().min(1).max(256).default('text/csv').describe('the MIME type of the data'),
  distribution: z
    .enum(['FullyReplicated', 'ShardedByS3Key'])
    .default('FullyReplicated')
    .describe('distributed training: every host gets all the data, or each host a shard of the objects'),
}).describe('one input channel: where its data is in the training-data bucket and its declared version');

export type ChannelConfig = z.output<typeof channelSchema>;

/** the metric that gates a trained model. */
export const metricGateSchema = z.strictObject({
  name: z.string().min(1).max(255).default('validation:accuracy').describe('a metric the container prints (see its metric definitions)'),
  threshold: z.number({ error: 'must be a number, e.g. 0.9' }).default(0.9).describe('the value the metric must reach'),
  direction: z
    .enum(['maximize', 'minimize'])
    .default('maximize')
    .describe('maximize: the metric must be >= threshold; minimize: <= threshold'),
}).superRefine((gate, ctx) => {
  const problem = metricThresholdProblem(gate.name, gate.threshold);
  if (problem) ctx.addIssue({ code: 'custom', path: ['threshold'], input: gate.threshold, message: problem });
});

/** a metric definition for a container that prints its own metrics. */
const metricDefinitionSchema = z.strictObject({
  name: z.string().min(1).max(255).describe('the metric name, as training.metric.name refers to it; e.g. "validation:f1"'),
  regex: z.string().min(1).max(500).describe('a regular expression over the job log whose first group is the value; e.g. "validation:f1=([0-9.]+);"'),
});

const hyperparameters = z
  .record(
    z.string().min(1).max(MAX_HYPERPARAMETER_LENGTH, { error: `is a hyperparameter name longer than ${MAX_HYPERPARAMETER_LENGTH} characters; SageMaker accepts at most ${MAX_HYPERPARAMETER_LENGTH}` }),
    z
      .string({ error: 'must be a string: SageMaker passes every hyperparameter as a string; quote it, e.g. "30"' })
      .max(MAX_HYPERPARAMETER_LENGTH, { error: `is longer than ${MAX_HYPERPARAMETER_LENGTH} characters; SageMaker accepts at most ${MAX_HYPERPARAMETER_LENGTH} per value` }),
  )
  .refine((h) => Object.keys(h).length <= MAX_HYPERPARAMETERS - 1, {
    error: `has more than ${MAX_HYPERPARAMETERS - 1} entries; SageMaker accepts ${MAX_HYPERPARAMETERS} hyperparameters and the pipeline adds checkpoint_every_epochs`,
  });

/**
 * the settings of how one model is trained, field by field. `trainingSchema` validates one model's
 * merged settings with them; `training:` in the file (the shared defaults of the catalogue, see
 * model-catalogue-schema.ts) uses them too, so a validator added to a field here applies to every model.
 */
export const trainingShape = {
  instanceType: trainingInstanceType.default('ml.m5.large').describe('training instance type'),
  instanceCount: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(1)
    .describe('instances per job (default 1); above 1 needs a framework that trains across instances: xgboost, or pytorch with distribution torchDistributed; the sample container trains on one instance only'),
  volumeSizeGb: z.number().int().min(1).max(16384).default(10).describe('EBS volume per instance, in GB'),
  spot: z.boolean().default(true).describe('train on managed spot capacity (cheaper, may be interrupted and resumed from checkpoints)'),
  maxRuntimeSeconds: z
    .number()
    .int()
    .min(60, { error: 'is below 60 seconds; give the job time to start and train' })
    .max(2_419_200, { error: 'is above 2419200 (28 days), the longest SageMaker allows' })
    .default(3600)
    .describe('the longest the job may train, in seconds (across retries)'),
  maxWaitSeconds: z
    .number()
    .int()
    .min(60)
    .max(2_419_200)
    .optional()
    .describe('spot only: the longest to wait for spot capacity plus train, in seconds; must be >= maxRuntimeSeconds (default: twice maxRuntimeSeconds); e.g. 7200'),
  retries: z.number().int().min(1).max(30).default(2).describe('retries after an internal SageMaker error (RetryStrategy.MaximumRetryAttempts)'),
  checkpointEveryEpochs: z.number().int().min(1).max(100_000).default(5).describe('epochs between checkpoints (passed as checkpoint_every_epochs)'),
  hyperparameters: hyperparameters
    .default({ epochs: '60', learning_rate: '0.1', batch_size: '16', seed: '42', feature_names: 'sepal_length,sepal_width,petal_length,petal_width' })
    .describe('hyperparameters, every value a string'),
  channels: z
    .record(channelName, channelSchema)
    .refine((c) => Object.keys(c).length >= 1 && Object.keys(c).length <= 20, { error: 'must list 1 to 20 channels, e.g. train and validation' })
    .default({
      train: { prefix: 'iris/v1/train/', dataVersion: 'iris-v1', contentType: 'text/csv', distribution: 'FullyReplicated' },
      validation: { prefix: 'iris/v1/validation/', dataVersion: 'iris-v1', contentType: 'text/csv', distribution: 'FullyReplicated' },
    })
    .describe('input channels by name, read from the training-data bucket'),
  inputMode: z.enum(['File', 'FastFile']).default('File').describe('how the container reads its channels'),
  metric: metricGateSchema.prefault({}).describe('the validation metric and the threshold a model must reach'),
  network: networkSchema.prefault({}).describe('the VPC-only network of training jobs in the tooling account'),
  metricDefinitions: z
    .array(metricDefinitionSchema)
    .max(40)
    .optional()
    .describe('script mode (sklearn, pytorch; required there) or another container: the metrics it prints, each a name and a regex over the log, e.g. [{ name: "validation:accuracy", regex: "validation:accuracy=([0-9.]+)" }] (default: the sample container\'s own definitions; not for xgboost)'),
  framework: frameworkSchema.optional(),
};

const trainingFields = z.strictObject(trainingShape);

/** one model's training settings as the cross-field rules read them. */
type TrainingFields = z.output<typeof trainingFields>;

/** the cross-field rules of one model's training settings (spot waits, step timeout, reserved hyperparameters, metric). */
export function checkTraining(training: TrainingFields, ctx: z.core.$RefinementCtx): void {
  if (training.spot && training.maxWaitSeconds !== undefined && training.maxWaitSeconds < training.maxRuntimeSeconds) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxWaitSeconds'],
      input: training.maxWaitSeconds,
      message: `is less than maxRuntimeSeconds (${training.maxRuntimeSeconds}); managed spot waits for capacity and trains within maxWaitSeconds, so set it to at least ${training.maxRuntimeSeconds}, e.g. ${training.maxRuntimeSeconds * 2}`,
    });
  }
  if (!training.spot && training.maxWaitSeconds !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxWaitSeconds'],
      input: training.maxWaitSeconds,
      message: 'only applies to managed spot training; remove it or set spot: true',
    });
  }
  const waited = effectiveMaxWaitSeconds(training) ?? training.maxRuntimeSeconds;
  if (waited > MAX_STEP_WAIT_SECONDS) {
    const key = training.spot ? 'maxWaitSeconds' : 'maxRuntimeSeconds';
    ctx.addIssue({
      code: 'custom',
      path: [key],
      input: waited,
      message: `lets the job run longer than the pipeline's training step can wait (CodeBuild builds last at most 36 hours, 30 minutes go to setup); set ${key} to at most ${MAX_STEP_WAIT_SECONDS}${training.spot && training.maxWaitSeconds === undefined ? ' (it defaults to twice maxRuntimeSeconds)' : ''}`,
    });
  }
  checkFramework(training, ctx);
  const names = Object.keys(training.hyperparameters);
  if (training.framework === undefined && names.includes('checkpoint_every_epochs')) {
    ctx.addIssue({
      code: 'custom',
      path: ['hyperparameters', 'checkpoint_every_epochs'],
      input: training.hyperparameters.checkpoint_every_epochs,
      message: 'is set by the pipeline from training.checkpointEveryEpochs; set that instead',
    });
  }
  if (training.framework?.name !== 'xgboost' && training.metricDefinitions && !training.metricDefinitions.some((d) => d.name === training.metric.name)) {
    ctx.addIssue({
      code: 'custom',
      path: ['metric', 'name'],
      input: training.metric.name,
      message: `is not one of metricDefinitions (${training.metricDefinitions.map((d) => d.name).join(', ')}); gate on a metric the container prints`,
    });
  }
}

/** how one model is trained on SageMaker (managed spot by default) in the tooling account. */
export const trainingSchema = trainingFields.superRefine(checkTraining);

export type TrainingConfig = z.output<typeof trainingSchema>;

/** the spot wait limit in effect: the configured one, or twice the runtime. Undefined without spot. */
export function effectiveMaxWaitSeconds(training: Pick<TrainingConfig, 'spot' | 'maxRuntimeSeconds' | 'maxWaitSeconds'>): number | undefined {
  if (!training.spot) return undefined;
  return training.maxWaitSeconds ?? Math.min(training.maxRuntimeSeconds * 2, 2_419_200);
}
