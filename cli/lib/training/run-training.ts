import type { AppConfig, ModelConfig } from '../../../config';
import type { RegisteredVersion } from '../registry/registered-version';
import type { ModelBaseline } from '../monitoring/train-step-baseline';
import { BaselineJobError } from '../monitoring/run-baseline';
import type { CatalogueEntry } from '../../../config/model-definition';
import { catalogueEntries, imageFingerprintFromUri } from '../../../config/model-definition';
import { trainModelRoleArn } from '../../../config/names';
import { ExitCode } from '../../exit-codes';
import type { SdkFailure } from '../aws/sdk-failure';
import { classifySdkFailure, errorMessage } from '../aws/sdk-failure';
import { runBounded } from './bounded-pool';
import { KeyExistsError } from './create-only-copy';
import { ModelProvenanceError } from './model-provenance';
import { interruptionsOf } from './model-key-jobs';
import { spotSavings } from './spot-savings';
import type { JobStopResult } from './stop-jobs';
import { DEFAULT_STOP_WAIT_SECONDS, stopTrainingJob, TrainingInterrupted } from './stop-jobs';
import type { TrainingTarget } from './step-environment';
import type { ModelTrainingDeps } from './train-model';
import { TrainingSetupError, trainModel, wallSecondsOf } from './train-model';
import type { ModelOutcome, ModelStop, ModelTrainingReport, TrainingReport } from './training-report';
import { isFailure, summarizeCatalogue, summarizeModel } from './training-report';

export { TrainingSetupError } from './train-model';

/**
 * what a training run talks to (what each model's training does, less the retry policy, which the
 * run makes per model); tests pass mocks and fakes.
 */
export interface TrainingDeps extends Omit<ModelTrainingDeps, 'retry' | 'onJobCreated'> {
  /**
   * how long a stopped step waits for the jobs it stopped to reach Stopped, in milliseconds
   * @default 60000 (DEFAULT_STOP_WAIT_SECONDS)
   */
  readonly stopWaitMs?: number;
  /** writes the report */
  readonly writeReport: (report: TrainingReport) => Promise<void>;
  /**
   * classifies a failed AWS call of one model (its message names the service, operation, resource,
   * the role the step runs as and the variable that points at the resource)
   * @default classifySdkFailure with SageMaker as the service and no role
   */
  readonly classify?: (err: unknown) => SdkFailure | undefined;
  /**
   * registers a published (trained or skipped) model as a version of its model package group, or
   * finds the version registered before (see cli/lib/registry/train-step-registry.ts)
   * @default - models are not registered
   */
  readonly registerVersion?: (model: ModelConfig, entry: CatalogueEntry, report: ModelTrainingReport, log: (line: string) => void) => Promise<RegisteredVersion>;
  /**
   * makes sure a published (trained or skipped) model's data-quality baseline exists beside it, in
   * its home and regional models buckets, when a monitored stage serves it; undefined when none
   * does (see cli/lib/monitoring/train-step-baseline.ts)
   * @default - no baselines are made
   */
  readonly ensureBaseline?: (model: ModelConfig, entry: CatalogueEntry, log: (line: string) => void) => Promise<ModelBaseline | undefined>;
}

/** a mismatch between the keys synth computed and the ones the step computes (a bug or a stale stage). */
export class ModelKeyMismatchError extends Error {
  constructor(mismatches: readonly string[]) {
    super(
      `the Train stage and this config disagree on the models' keys (${mismatches.join('; ')}); the deployed stage and the checked-out config differ. ` +
        'Re-run the pipeline from the source stage so synth, the Train stage and this step see the same commit',
    );
    this.name = 'ModelKeyMismatchError';
  }
}

/** every difference between the keys the Train stage expects and the ones computed here. */
export function keyMismatches(target: TrainingTarget, entries: readonly CatalogueEntry[]): string[] {
  const expected = target.expectedModelKeys;
  if (expected === undefined) {
    const first = entries[0];
    return target.expectedModelKey === undefined || target.expectedModelKey === first.key ? [] : [`model ${first.name}: expected ${target.expectedModelKey}, computed ${first.key}`];
  }
  const problems = entries.flatMap((e) => {
    if (expected[e.name] === undefined) return [`model ${e.name} is not in the Train stage's catalogue`];
    return expected[e.name] === e.key ? [] : [`model ${e.name}: expected ${expected[e.name]}, computed ${e.key}`];
  });
  const extra = Object.keys(expected).filter((name) => !entries.some((e) => e.name === name));
  return [...problems, ...extra.map((name) => `the Train stage has model ${name}, which this config does not`)];
}

/** the exit code of the failed models: theirs when they failed alike, MODELS_FAILED when they differ. */
const OUTCOME_CODES: Readonly<Record<ModelOutcome, number>> = {
  skipped: ExitCode.OK,
  published: ExitCode.OK,
  'metric-below-threshold': ExitCode.METRIC_BELOW_THRESHOLD,
  failed: ExitCode.TRAINING_FAILED,
  stopped: ExitCode.TRAINING_STOPPED,
  'regional-copy-failed': ExitCode.REGIONAL_COPY_FAILED,
  'baseline-failed': ExitCode.BASELINE_FAILED,
  error: ExitCode.FAILED,
  interrupted: ExitCode.TRAINING_INTERRUPTED,
};

function exitCodeOf(failures: readonly { code: number }[]): number {
  const codes = new Set(failures.map((f) => f.code));
  if (codes.size === 0) return ExitCode.OK;
  return codes.size === 1 ? [...codes][0] : ExitCode.MODELS_FAILED;
}

/**
 * trains every model of the catalogue whose content-addressed key is missing, at most
 * training.maxConcurrentJobs at once, each on its own (managed spot, checkpoints, gate, savings,
 * regional copies). A model that fails does not stop or discard the others: every model runs to
 * its end, the report lists each as trained, skipped or failed, and the exit code is the failed
 * models' (OK when none failed).
 */
export async function runTraining(config: AppConfig, target: TrainingTarget, deps: TrainingDeps): Promise<number> {
  let entries: CatalogueEntry[];
  try {
    entries = catalogueEntries(config, imageFingerprintFromUri(target.imageUri));
  } catch (err) {
    throw new TrainingSetupError((err as Error).message);
  }
  const mismatches = keyMismatches(target, entries);
  if (mismatches.length > 0) throw new ModelKeyMismatchError(mismatches);

  const partition = /^arn:(aws[a-z-]*):/.exec(target.kmsKeyArn)?.[1] ?? 'aws';
  const writerRoleArn = trainModelRoleArn(config, partition);
  const limit = config.training.maxConcurrentJobs;
  const firstWithKey = new Map<string, number>();
  entries.forEach((e, i) => firstWithKey.set(e.key, firstWithKey.get(e.key) ?? i));
  const unique = entries.filter((e, i) => firstWithKey.get(e.key) === i);
  deps.log(`catalogue: ${entries.length} model(s) (${entries.map((e) => e.name).join(', ')}); at most ${limit} training job(s) at once`);

  // the jobs this step created, by job name (the model's name as value): a stop stops exactly these
  const created = new Map<string, string>();
  const stops = new Map<string, Promise<JobStopResult>>();
  const stopJob = (jobName: string): Promise<JobStopResult> => {
    const known = stops.get(jobName);
    if (known) return known;
    const log = (line: string) => deps.log(`[${created.get(jobName) ?? jobName}] ${line}`);
    const stopping = stopTrainingJob({ sagemaker: deps.sagemaker, jobName, sleep: (ms) => deps.sleep(ms), now: deps.now, waitMs: deps.stopWaitMs ?? DEFAULT_STOP_WAIT_SECONDS * 1000, log });
    stops.set(jobName, stopping);
    return stopping;
  };
  const onStop = () => {
    const jobs = [...created.keys()];
    deps.log(
      `received ${String(deps.stopSignal?.reason)}: stopping the ${jobs.length} training job(s) this step started${jobs.length ? ` (${jobs.join(', ')})` : ''} and waiting up to ${Math.round((deps.stopWaitMs ?? DEFAULT_STOP_WAIT_SECONDS * 1000) / 1000)} s for them to stop; jobs of other runs this step attached to keep running for those runs`,
    );
    for (const jobName of jobs) void stopJob(jobName);
  };
  deps.stopSignal?.addEventListener('abort', onStop, { once: true });

  const runs = await runBounded(unique, limit, async (entry): Promise<{ report: ModelTrainingReport; code: number }> => {
    const model = config.models.find((m) => m.name === entry.name);
    const log = (line: string) => deps.log(`[${entry.name}] ${line}`);
    const retry = { sleep: deps.sleep, onRetry: (attempt: number, ms: number) => log(`AWS throttled the call (attempt ${attempt}); retrying in ${Math.round(ms / 1000)} s`) };
    const onJobCreated = (jobName: string) => {
      created.set(jobName, entry.name);
      // created while the stop was under way: stop it too
      if (deps.stopSignal?.aborted) void stopJob(jobName);
    };
    try {
      if (!model) throw new TrainingSetupError(`model ${entry.name} is not in the config`);
      const trained = await trainModel({ model, entry, target, projectPrefix: config.project.prefix, writerRoleArn }, { ...deps, log, retry, onJobCreated });
      // its job has ended: a later stop has nothing of this model's to stop
      for (const [jobName, owner] of created) if (owner === entry.name) created.delete(jobName);
      const registrable = deps.registerVersion && (trained.outcome === 'published' || trained.outcome === 'skipped');
      const registered = registrable ? { ...trained, modelVersion: await deps.registerVersion?.(model, entry, trained, log) } : trained;
      const withBaseline = await baselineOf(registered, model, entry, deps, log);
      const { report } = withBaseline;
      if (report.outcome !== 'skipped') for (const line of summarizeModel(report)) log(line);
      return { report, code: withBaseline.code ?? OUTCOME_CODES[report.outcome] };
    } catch (err) {
      if (err instanceof TrainingInterrupted) {
        const report = interruptedReport(err, entry, target.commit, err.jobName && created.has(err.jobName) ? await stopJob(err.jobName) : undefined, deps.now());
        for (const line of summarizeModel(report)) log(line);
        return { report, code: ExitCode.TRAINING_INTERRUPTED };
      }
      const rejected = err instanceof ModelProvenanceError || err instanceof KeyExistsError;
      const failure = rejected ? undefined : deps.classify ? deps.classify(err) : classifySdkFailure(err, 'SageMaker');
      const message = failure?.message ?? errorMessage(err);
      log(`failed: ${message}`);
      const report: ModelTrainingReport = {
        model: entry.name,
        outcome: 'error',
        modelKey: entry.key,
        identity: entry.identity,
        commit: target.commit,
        trainingJob: undefined,
        failure: message,
        error: rejected ? { code: 'ModelProvenanceRejected', service: undefined } : { code: failure?.code ?? 'Unexpected', service: failure?.service },
      };
      return { report, code: rejected ? ExitCode.MODEL_PROVENANCE_REJECTED : (failure?.exitCode ?? ExitCode.FAILED) };
    }
  });

  deps.stopSignal?.removeEventListener('abort', onStop);
  // every stop runs to its end (Stopped, or the wait ran out) before the report is written
  await Promise.all(stops.values());
  const byKey = new Map(unique.map((e, i) => [e.key, runs[i]]));
  const results = entries.map((entry) => {
    const run = byKey.get(entry.key) as { report: ModelTrainingReport; code: number };
    const owner = run.report.model;
    return owner === entry.name ? run : { code: run.code, report: { ...run.report, model: entry.name, sameModelAs: owner } };
  });
  const models = results.map((r) => r.report);
  const report: TrainingReport = {
    outcome: models.some((m) => isFailure(m.outcome)) ? 'failed' : 'passed',
    commit: target.commit,
    maxConcurrentJobs: limit,
    trained: models.filter((m) => m.outcome === 'published').map((m) => m.model),
    skipped: models.filter((m) => m.outcome === 'skipped').map((m) => m.model),
    failed: models.filter((m) => isFailure(m.outcome)).map((m) => m.model),
    models,
  };
  await deps.writeReport(report);
  for (const line of summarizeCatalogue(report)) deps.log(line);
  if (deps.stopSignal?.aborted) return ExitCode.TRAINING_INTERRUPTED;
  return exitCodeOf(results.filter((r) => isFailure(r.report.outcome)));
}

/**
 * adds the model's baseline to a published or skipped model's report. A baseline that fails leaves
 * the model published (and registered): the report keeps it, with outcome `baseline-failed`, and
 * the next run skips training and retries the baseline. A failed job exits BASELINE_FAILED; a
 * refused AWS call, the classified code.
 */
async function baselineOf(report: ModelTrainingReport, model: ModelConfig, entry: CatalogueEntry, deps: TrainingDeps, log: (line: string) => void): Promise<{ report: ModelTrainingReport; code?: number }> {
  if (!deps.ensureBaseline || (report.outcome !== 'published' && report.outcome !== 'skipped')) return { report };
  try {
    const baseline = await deps.ensureBaseline(model, entry, log);
    return { report: baseline ? { ...report, baseline } : report };
  } catch (err) {
    const failure = err instanceof BaselineJobError ? undefined : deps.classify ? deps.classify(err) : classifySdkFailure(err, 'SageMaker');
    const message =
      `the data-quality baseline failed: ${failure?.message ?? errorMessage(err)}. The model is published at ${entry.key} and stays; ` +
      'fix the cause and run the step again: training is skipped and the baseline is retried (a monitored endpoint needs it before it deploys)';
    log(`failed: ${message}`);
    return {
      report: { ...report, outcome: 'baseline-failed', failure: message, error: { code: failure?.code ?? 'BaselineFailed', service: failure?.service ?? 'SageMaker' } },
      code: failure?.exitCode ?? ExitCode.BASELINE_FAILED,
    };
  }
}

/** the report of a model whose run the step's stop ended: what was stopped, how far, what it cost. */
function interruptedReport(err: TrainingInterrupted, entry: CatalogueEntry, commit: string | undefined, result: JobStopResult | undefined, now: number): ModelTrainingReport {
  const attached = err.context.attached === true;
  const stop: ModelStop = result
    ? { signal: err.signal, stopRequested: result.stopRequested, status: result.status, waitedSeconds: result.waitedSeconds, summary: result.summary }
    : {
        signal: err.signal,
        stopRequested: false,
        status: err.jobName ? 'InProgress' : 'NotStarted',
        waitedSeconds: 0,
        summary: err.jobName
          ? `training job ${err.jobName} was started by another run (attached); left running for that run, which waits for it, and the next run of this model attaches to it again`
          : 'no training job was started for this model',
      };
  const job = result?.job;
  const { instance } = err.context as { instance?: { readonly count: number } };
  const cost = job ? { cost: spotSavings(job.TrainingTimeInSeconds ?? 0, job.BillableTimeInSeconds ?? job.TrainingTimeInSeconds ?? 0, instance?.count ?? 1), spotInterruptions: interruptionsOf(job), wallSeconds: wallSecondsOf(job, now) } : {};
  return {
    ...(err.context as Partial<ModelTrainingReport>),
    model: entry.name,
    outcome: 'interrupted',
    modelKey: entry.key,
    identity: entry.identity,
    commit,
    trainingJob: err.jobName,
    ...cost,
    attached,
    stop,
    failure: `the train step received ${err.signal}; ${stop.summary}`,
  };
}
