import { CreateTrainingJobCommand, DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../../../config';
import { imageFingerprintFromUri, modelDefinitionFor } from '../../../config/model-definition';
import { trainModelRoleArn } from '../../../config/names';
import { modelArtifactKey, trainingIdentity } from '../../../config/training-identity';
import { ExitCode } from '../../exit-codes';
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
import type { TrainingReport } from './training-report';
import { summarizeReport } from './training-report';
import { trainingJobRequest } from './training-request';
import { formatElapsed, waitForTrainingJob } from './wait-for-job';

/** what a training run talks to; tests pass mocks and fakes. */
export interface TrainingDeps {
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
  /** prints one line */
  readonly log: (line: string) => void;
  /** writes the report */
  readonly writeReport: (report: TrainingReport) => Promise<void>;
  /**
   * the first wait between status polls, in milliseconds
   * @default 10000
   */
  readonly pollDelayMs?: number;
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

/** a mismatch between the key synth computed and the one the step computes (a bug or a stale stage). */
export class ModelKeyMismatchError extends Error {
  constructor(expected: string, computed: string) {
    super(
      `the Train stage expects model ${expected} but this config and image give ${computed}; the deployed stage and the checked-out config differ. ` +
        'Re-run the pipeline from the source stage so synth, the Train stage and this step see the same commit',
    );
    this.name = 'ModelKeyMismatchError';
  }
}

/** the report's regional copies (none without regional stores) and the exit code they give. */
async function regionalCopies(target: TrainingTarget, source: ModelProvenance | undefined, expected: ModelExpectation, deps: TrainingDeps, retry: ThrottleRetryOptions): Promise<{ copies: { regionalCopies?: RegionalCopy[] }; code: number }> {
  if (target.regionalStores.length === 0) return { copies: {}, code: ExitCode.OK };
  const home = source ?? (await retryThrottled(() => findModel(deps.s3, target.modelsBucket, modelArtifactKey(expected.identity), expected), retry));
  const copies = await ensureRegionalCopies({ sourceBucket: target.modelsBucket, key: modelArtifactKey(expected.identity), stores: target.regionalStores, s3In: deps.s3In, retry, log: deps.log, source: home, expected });
  return { copies: { regionalCopies: copies }, code: copies.some((c) => c.outcome === 'failed') ? ExitCode.REGIONAL_COPY_FAILED : ExitCode.OK };
}

/**
 * trains the model of a config unless its content-addressed key already exists: starts the
 * managed-spot job, waits with progress, gates on the metric, publishes the model to its key,
 * copies it to the regional models buckets that lack it and writes the report. Resolves to the
 * exit code.
 */
export async function runTraining(config: AppConfig, target: TrainingTarget, deps: TrainingDeps): Promise<number> {
  const { training } = config;
  const identity = setup(() => trainingIdentity(modelDefinitionFor(config, imageFingerprintFromUri(target.imageUri))));
  const modelKey = modelArtifactKey(identity);
  if (target.expectedModelKey !== undefined && target.expectedModelKey !== modelKey) throw new ModelKeyMismatchError(target.expectedModelKey, modelKey);
  const retry = { sleep: deps.sleep, onRetry: (attempt: number, ms: number) => deps.log(`AWS throttled the call (attempt ${attempt}); retrying in ${Math.round(ms / 1000)} s`) };
  const base = { modelKey, identity, commit: target.commit };
  // a model found at its key is reused only when it is ours (ModelProvenanceError otherwise)
  const partition = /^arn:(aws[a-z-]*):/.exec(target.kmsKeyArn)?.[1] ?? 'aws';
  const expected: ModelExpectation = { identity, writerRoleArn: trainModelRoleArn(config, partition), kmsKeyArn: target.kmsKeyArn, jobPrefix: `${config.project.prefix}-` };

  const existing = await retryThrottled(() => findModel(deps.s3, target.modelsBucket, modelKey, expected), retry);
  if (existing) {
    deps.log(
      `model s3://${target.modelsBucket}/${modelKey} exists: trained by job ${existing.trainingJob ?? '(unknown)'}` +
        `${existing.commit ? ` at commit ${existing.commit}` : ''}${existing.metric ? ` (${existing.metric})` : ''}; nothing that affects the model changed, skipping training`,
    );
    const regional = await regionalCopies(target, existing, expected, deps, retry);
    await deps.writeReport({ ...base, outcome: 'skipped', trainingJob: existing.trainingJob, ...regional.copies });
    return regional.code;
  }

  const jobName = setup(() => trainingJobName(config.project.prefix, identity, new Date(deps.now()), deps.random()));
  const request = setup(() => trainingJobRequest({ training, target, jobName, identity, projectPrefix: config.project.prefix }));
  const instance = { type: training.instanceType, count: training.instanceCount, spot: training.spot };
  deps.log(
    `training model ${modelKey} with job ${jobName}: ${training.instanceCount} x ${training.instanceType}` +
      `${training.spot ? `, managed spot (max runtime ${request.StoppingCondition?.MaxRuntimeInSeconds} s, max wait ${request.StoppingCondition?.MaxWaitTimeInSeconds} s)` : `, on demand (max runtime ${training.maxRuntimeSeconds} s)`}`,
  );
  await retryThrottled(() => deps.sagemaker.send(new CreateTrainingJobCommand(request)), retry);

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
    const failure = failureExplanation(job);
    const report: TrainingReport = { ...ran, outcome: job.TrainingJobStatus === 'Failed' ? 'failed' : 'stopped', failure };
    await deps.writeReport(report);
    for (const line of summarizeReport(report)) deps.log(line);
    return job.TrainingJobStatus === 'Failed' ? ExitCode.TRAINING_FAILED : ExitCode.TRAINING_STOPPED;
  }

  const metric = evaluateMetric(job, training.metric);
  if (!metric.passed) {
    const report: TrainingReport = { ...ran, outcome: 'metric-below-threshold', metric };
    await deps.writeReport(report);
    for (const line of summarizeReport(report)) deps.log(line);
    return ExitCode.METRIC_BELOW_THRESHOLD;
  }

  const sourceUri = job.ModelArtifacts?.S3ModelArtifacts;
  if (!sourceUri) throw new Error(`training job ${jobName} completed without ModelArtifacts.S3ModelArtifacts; the container must write its model to /opt/ml/model`);
  const metadata = {
    'training-job': jobName,
    'metric-name': metric.name,
    'metric-value': String(metric.value),
    identity,
    writer: expected.writerRoleArn,
    ...(target.commit ? { commit: target.commit } : {}),
  };
  try {
    await retryThrottled(() => publishModel(deps.s3, { sourceUri, bucket: target.modelsBucket, key: modelKey, kmsKeyArn: target.kmsKeyArn, metadata }), retry);
    deps.log(`published s3://${target.modelsBucket}/${modelKey} after ${formatElapsed(deps.now() - started)}`);
  } catch (err) {
    if (!(err instanceof KeyExistsError)) throw err;
    // another run published the same model meanwhile: reuse it when it is ours
    const other = await retryThrottled(() => findModel(deps.s3, target.modelsBucket, modelKey, expected), retry);
    deps.log(`s3://${target.modelsBucket}/${modelKey} was published meanwhile by job ${other?.trainingJob ?? '(unknown)'}; keeping that one (model keys are create-only)`);
  }
  const regional = await regionalCopies(target, undefined, expected, deps, retry);
  const report: TrainingReport = { ...ran, outcome: 'published', metric, ...regional.copies };
  await deps.writeReport(report);
  for (const line of summarizeReport(report)) deps.log(line);
  return regional.code;
}
