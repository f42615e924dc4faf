import { CreateTrainingJobCommand, DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ModelConfig } from '../../../config';
import type { CatalogueEntry } from '../../../config/model-definition';
import { trainingJobName } from './job-name';
import { failureExplanation } from './job-outcome';
import { evaluateMetric } from './metric-gate';
import { KeyExistsError } from './create-only-copy';
import { findModel, publishModel } from './model-object';
import type { ModelProvenance } from './model-object';
import type { ModelExpectation } from './model-provenance';
import type { RegionalCopy } from './regional-copies';
import { ensureRegionalCopies } from './regional-copies';
import { spotSavings } from './spot-savings';
import type { TrainingTarget } from './step-environment';
import { retryThrottled } from './throttle-retry';
import type { ThrottleRetryOptions } from './throttle-retry';
import type { ModelTrainingReport } from './training-report';
import { trainingJobRequest } from './training-request';
import { formatElapsed, waitForTrainingJob } from './wait-for-job';

/** what training one model talks to; tests pass mocks and fakes. */
export interface ModelTrainingDeps {
  readonly sagemaker: SageMakerClient;
  readonly s3: S3Client;
  /** the S3 client of another region (the regional models buckets) */
  readonly s3In: (region: string) => S3Client;
  /** waits this many milliseconds */
  readonly sleep: (ms: number) => Promise<void>;
  /** milliseconds since the epoch */
  readonly now: () => number;
  /** four random lowercase alphanumerics for the job name */
  readonly random: () => string;
  /** prints one line (already prefixed with the model's name) */
  readonly log: (line: string) => void;
  /** how throttled calls are retried */
  readonly retry: ThrottleRetryOptions;
  /**
   * the first wait between status polls, in milliseconds
   * @default 10000
   */
  readonly pollDelayMs?: number;
}

/** one model to train: its settings, its content address, and where it goes. */
export interface ModelTrainingPlan {
  readonly model: ModelConfig;
  readonly entry: CatalogueEntry;
  readonly target: TrainingTarget;
  readonly projectPrefix: string;
  /** the TrainModel role's ARN: the one writer the models buckets admit, recorded as `writer` and required of a model found at its key */
  readonly writerRoleArn: string;
}

/** the config and the step's inputs cannot make a training job (the message says what to fix). */
export class TrainingSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingSetupError';
  }
}

function setup<T>(make: () => T): T {
  try {
    return make();
  } catch (err) {
    throw new TrainingSetupError((err as Error).message);
  }
}

/** the regional copies of a model (none without regional stores), and whether one failed. */
async function regionalCopies(
  target: TrainingTarget,
  modelKey: string,
  source: ModelProvenance | undefined,
  expected: ModelExpectation,
  deps: ModelTrainingDeps,
): Promise<{ copies: { regionalCopies?: RegionalCopy[] }; failed: string | undefined }> {
  if (target.regionalStores.length === 0) return { copies: {}, failed: undefined };
  const home = source ?? (await retryThrottled(() => findModel(deps.s3, target.modelsBucket, modelKey, expected), deps.retry));
  const copies = await ensureRegionalCopies({ sourceBucket: target.modelsBucket, key: modelKey, stores: target.regionalStores, s3In: deps.s3In, retry: deps.retry, log: deps.log, source: home, expected });
  const failed = copies.filter((c) => c.outcome === 'failed');
  return { copies: { regionalCopies: copies }, failed: failed.length > 0 ? `copying the model to ${failed.map((c) => `${c.region} (${c.bucket}): ${c.error ?? 'failed'}`).join('; ')} failed; fix the cause and run again: training is skipped, the copy retried` : undefined };
}

/**
 * trains one model of the catalogue unless its content-addressed key already exists: starts the
 * managed-spot job (with its own checkpoint prefix), waits with progress, gates on the model's
 * metric, publishes the model to its key and copies it to the regional models buckets that lack
 * it. Resolves to the model's report; AWS errors reject (the caller records them for this model).
 */
export async function trainModel(plan: ModelTrainingPlan, deps: ModelTrainingDeps): Promise<ModelTrainingReport> {
  const { model, entry, target } = plan;
  const { training } = model;
  const { key: modelKey, identity } = entry;
  const base = { model: model.name, modelKey, identity, commit: target.commit };
  // a model found at its key is reused only when it is ours (ModelProvenanceError otherwise)
  const expected: ModelExpectation = { identity, writerRoleArn: plan.writerRoleArn, kmsKeyArn: target.kmsKeyArn, jobPrefix: `${plan.projectPrefix}-` };

  const existing = await retryThrottled(() => findModel(deps.s3, target.modelsBucket, modelKey, expected), deps.retry);
  if (existing) {
    deps.log(
      `model s3://${target.modelsBucket}/${modelKey} exists: trained by job ${existing.trainingJob ?? '(unknown)'}` +
        `${existing.commit ? ` at commit ${existing.commit}` : ''}${existing.metric ? ` (${existing.metric})` : ''}; nothing that affects the model changed, skipping training`,
    );
    const regional = await regionalCopies(target, modelKey, existing, expected, deps);
    return { ...base, outcome: regional.failed ? 'regional-copy-failed' : 'skipped', trainingJob: existing.trainingJob, ...regional.copies, ...(regional.failed ? { failure: regional.failed } : {}) };
  }

  const jobName = setup(() => trainingJobName(plan.projectPrefix, identity, new Date(deps.now()), deps.random()));
  const request = setup(() => trainingJobRequest({ training, target, jobName, identity, projectPrefix: plan.projectPrefix, entry }));
  const instance = { type: training.instanceType, count: training.instanceCount, spot: training.spot };
  deps.log(
    `training model ${modelKey} with job ${jobName}: ${training.instanceCount} x ${training.instanceType}` +
      `${training.spot ? `, managed spot (max runtime ${request.StoppingCondition?.MaxRuntimeInSeconds} s, max wait ${request.StoppingCondition?.MaxWaitTimeInSeconds} s)` : `, on demand (max runtime ${training.maxRuntimeSeconds} s)`}`,
  );
  await retryThrottled(() => deps.sagemaker.send(new CreateTrainingJobCommand(request)), deps.retry);

  const started = deps.now();
  const { job, spotInterruptions } = await waitForTrainingJob({
    describe: () => deps.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName })),
    sleep: deps.sleep,
    now: deps.now,
    log: deps.log,
    initialDelayMs: deps.pollDelayMs,
  });
  const cost = spotSavings(job.TrainingTimeInSeconds ?? 0, job.BillableTimeInSeconds ?? job.TrainingTimeInSeconds ?? 0, training.instanceCount);
  const timing = { startedAt: job.TrainingStartTime?.toISOString(), endedAt: job.TrainingEndTime?.toISOString() };
  const ran = { ...base, trainingJob: jobName, instance, cost, spotInterruptions, ...timing };

  if (job.TrainingJobStatus !== 'Completed') {
    return { ...ran, outcome: job.TrainingJobStatus === 'Failed' ? 'failed' : 'stopped', failure: failureExplanation(job) };
  }

  const metric = evaluateMetric(job, training.metric);
  if (!metric.passed) return { ...ran, outcome: 'metric-below-threshold', metric };

  const sourceUri = job.ModelArtifacts?.S3ModelArtifacts;
  if (!sourceUri) return { ...ran, outcome: 'error', metric, failure: `training job ${jobName} completed without ModelArtifacts.S3ModelArtifacts; the container must write its model to /opt/ml/model` };
  const metadata = {
    'training-job': jobName,
    'metric-name': metric.name,
    'metric-value': String(metric.value),
    identity,
    writer: plan.writerRoleArn,
    ...(target.commit ? { commit: target.commit } : {}),
  };
  try {
    await retryThrottled(() => publishModel(deps.s3, { sourceUri, bucket: target.modelsBucket, key: modelKey, kmsKeyArn: target.kmsKeyArn, metadata }), deps.retry);
    deps.log(`published s3://${target.modelsBucket}/${modelKey} after ${formatElapsed(deps.now() - started)}`);
  } catch (err) {
    if (!(err instanceof KeyExistsError)) throw err;
    // another run published the same model meanwhile: reuse it when it is ours
    const other = await retryThrottled(() => findModel(deps.s3, target.modelsBucket, modelKey, expected), deps.retry);
    deps.log(`s3://${target.modelsBucket}/${modelKey} was published meanwhile by job ${other?.trainingJob ?? '(unknown)'}; keeping that one (model keys are create-only)`);
  }
  const regional = await regionalCopies(target, modelKey, undefined, expected, deps);
  return { ...ran, outcome: regional.failed ? 'regional-copy-failed' : 'published', metric, ...regional.copies, ...(regional.failed ? { failure: regional.failed } : {}) };
}
