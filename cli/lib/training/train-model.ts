import { DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ModelConfig } from '../../../config';
import type { CatalogueEntry } from '../../../config/model-definition';
import { failureExplanation } from './job-outcome';
import { evaluateMetric } from './metric-gate';
import { KeyExistsError } from './create-only-copy';
import { findModel, publishModel } from './model-object';
import type { ModelProvenance } from './model-object';
import type { ModelExpectation } from './model-provenance';
import type { RegionalCopy } from './regional-copies';
import { ensureRegionalCopies } from './regional-copies';
import { checkpointUri } from './model-checkpoints';
import { attemptJobName } from './job-name';
import { spotSavings } from './spot-savings';
import { startOrAttach } from './start-or-attach';
import { TrainingInterrupted } from './stop-jobs';
import type { TrainingTarget } from './step-environment';
import { retryThrottled } from './throttle-retry';
import type { ThrottleRetryOptions } from './throttle-retry';
import type { ModelTrainingReport } from './training-report';
import { resumeLine } from './training-report';
import { trainingJobRequest } from './training-request';
import type { TrainingJobDescription } from './wait-for-job';
import { formatElapsed, waitForTrainingJob } from './wait-for-job';

/** what training one model talks to; tests pass mocks and fakes. */
export interface ModelTrainingDeps {
  readonly sagemaker: SageMakerClient;
  readonly s3: S3Client;
  /** the S3 client of another region (the regional models buckets) */
  readonly s3In: (region: string) => S3Client;
  /** waits this many milliseconds, or less when `signal` aborts */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** milliseconds since the epoch */
  readonly now: () => number;
  /**
   * aborts when the step is stopped (SIGTERM, SIGINT; the reason is the signal's name): waits end
   * and no job is started
   * @default - the step is never stopped
   */
  readonly stopSignal?: AbortSignal;
  /**
   * told about each job this run created, once SageMaker accepted it (the run stops those when the step is stopped)
   * @default - not told
   */
  readonly onJobCreated?: (jobName: string) => void;
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

/** wall-clock seconds of a job from its creation to its end (to `now` while it runs). */
export function wallSecondsOf(job: Pick<TrainingJobDescription, 'CreationTime' | 'TrainingEndTime'>, now: number): number | undefined {
  if (!job.CreationTime) return undefined;
  return Math.max(0, Math.round(((job.TrainingEndTime?.getTime() ?? now) - job.CreationTime.getTime()) / 1000));
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
 * trains one model of the catalogue unless its content-addressed key already exists: attaches to
 * the key's job in progress, or starts the next attempt (managed spot, checkpointing to the key's
 * prefix, so it resumes from the last ended attempt), waits with progress, gates on the model's
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

  const interrupted = () => {
    if (deps.stopSignal?.aborted) throw new TrainingInterrupted(String(deps.stopSignal.reason), undefined);
  };
  interrupted();
  const request = (jobName: string) => setup(() => trainingJobRequest({ training, target, jobName, identity, projectPrefix: plan.projectPrefix, entry }));
  // a config that cannot make a job fails before any SageMaker call
  request(setup(() => attemptJobName(plan.projectPrefix, identity, 1)));
  const instance = { type: training.instanceType, count: training.instanceCount, spot: training.spot };
  const checkpoints = checkpointUri(target.modelsBucket, identity);
  const awaitEnd = async (jobName: string) => {
    const waited = await waitForTrainingJob({ describe: () => deps.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName })), sleep: deps.sleep, now: deps.now, log: deps.log, initialDelayMs: deps.pollDelayMs, signal: deps.stopSignal, jobName });
    return waited.job;
  };
  const start = await startOrAttach({
    sagemaker: deps.sagemaker,
    retry: deps.retry,
    log: deps.log,
    projectPrefix: plan.projectPrefix,
    identity,
    modelKey,
    request: (jobName) => {
      interrupted();
      const built = request(jobName);
      deps.log(
        `training model ${modelKey} with job ${jobName}: ${training.instanceCount} x ${training.instanceType}` +
          `${training.spot ? `, managed spot (max runtime ${built.StoppingCondition?.MaxRuntimeInSeconds} s, max wait ${built.StoppingCondition?.MaxWaitTimeInSeconds} s)` : `, on demand (max runtime ${training.maxRuntimeSeconds} s)`}; checkpoints ${checkpoints}`,
      );
      return built;
    },
    awaitEnd,
    onCreated: (jobName) => deps.onJobCreated?.(jobName),
  });
  const { jobName } = start;
  if (start.resumedFrom) deps.log(resumeLine(start.resumedFrom, checkpoints));

  const started = deps.now();
  const attempt = { attempt: start.attempt, attached: start.attached, checkpointUri: checkpoints, ...(start.resumedFrom ? { resumedFrom: start.resumedFrom } : {}) };
  const { job, spotInterruptions } = await waitForTrainingJob({
    describe: () => deps.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName })),
    sleep: deps.sleep,
    now: deps.now,
    log: deps.log,
    initialDelayMs: deps.pollDelayMs,
    signal: deps.stopSignal,
    jobName,
  }).catch((err: unknown) => {
    throw err instanceof TrainingInterrupted ? new TrainingInterrupted(err.signal, jobName, { ...attempt, instance }) : err;
  });
  const cost = spotSavings(job.TrainingTimeInSeconds ?? 0, job.BillableTimeInSeconds ?? job.TrainingTimeInSeconds ?? 0, training.instanceCount);
  const timing = { startedAt: job.TrainingStartTime?.toISOString(), endedAt: job.TrainingEndTime?.toISOString() };
  const ran = { ...base, trainingJob: jobName, instance, cost, spotInterruptions, wallSeconds: wallSecondsOf(job, deps.now()), ...attempt, ...timing };

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
