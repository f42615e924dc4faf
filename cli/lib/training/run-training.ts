import type { AppConfig, ModelConfig } from '../../../config';
import type { RegisteredVersion } from '../registry/registered-version';
import type { CatalogueEntry } from '../../../config/model-definition';
import { catalogueEntries, imageFingerprintFromUri } from '../../../config/model-definition';
import { trainModelRoleArn } from '../../../config/names';
import { ExitCode } from '../../exit-codes';
import type { SdkFailure } from '../aws/sdk-failure';
import { classifySdkFailure, errorMessage } from '../aws/sdk-failure';
import { runBounded } from './bounded-pool';
import { KeyExistsError } from './create-only-copy';
import { ModelProvenanceError } from './model-provenance';
import type { TrainingTarget } from './step-environment';
import type { ModelTrainingDeps } from './train-model';
import { TrainingSetupError, trainModel } from './train-model';
import type { ModelOutcome, ModelTrainingReport, TrainingReport } from './training-report';
import { isFailure, summarizeCatalogue, summarizeModel } from './training-report';

export { TrainingSetupError } from './train-model';

/**
 * what a training run talks to (what each model's training does, less the retry policy, which the
 * run makes per model); tests pass mocks and fakes.
 */
export interface TrainingDeps extends Omit<ModelTrainingDeps, 'retry'> {
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
  error: ExitCode.FAILED,
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

  const runs = await runBounded(unique, limit, async (entry): Promise<{ report: ModelTrainingReport; code: number }> => {
    const model = config.models.find((m) => m.name === entry.name);
    const log = (line: string) => deps.log(`[${entry.name}] ${line}`);
    const retry = { sleep: deps.sleep, onRetry: (attempt: number, ms: number) => log(`AWS throttled the call (attempt ${attempt}); retrying in ${Math.round(ms / 1000)} s`) };
    try {
      if (!model) throw new TrainingSetupError(`model ${entry.name} is not in the config`);
      const trained = await trainModel({ model, entry, target, projectPrefix: config.project.prefix, writerRoleArn }, { ...deps, log, retry });
      const registrable = deps.registerVersion && (trained.outcome === 'published' || trained.outcome === 'skipped');
      const report = registrable ? { ...trained, modelVersion: await deps.registerVersion?.(model, entry, trained, log) } : trained;
      if (report.outcome !== 'skipped') for (const line of summarizeModel(report)) log(line);
      return { report, code: OUTCOME_CODES[report.outcome] };
    } catch (err) {
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
  return exitCodeOf(results.filter((r) => isFailure(r.report.outcome)));
}
