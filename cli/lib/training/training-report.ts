import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ModelBaseline } from '../monitoring/train-step-baseline';
import type { RegisteredVersion } from '../registry/registered-version';
import type { MetricVerdict } from './metric-gate';
import type { RegionalCopy } from './regional-copies';
import type { SpotSavings } from './spot-savings';
import type { PreviousAttempt } from './start-or-attach';

/** where the training step writes its report (CodeBuild can publish it as an artifact). */
export const DEFAULT_REPORT_PATH = 'reports/training/report.json';

/**
 * what happened to one model: trained and published, skipped (its key existed), or one way of
 * failing; `interrupted`: the step itself was stopped (SIGTERM/SIGINT) and stopped the model's job.
 */
export type ModelOutcome = 'skipped' | 'published' | 'metric-below-threshold' | 'failed' | 'stopped' | 'regional-copy-failed' | 'baseline-failed' | 'error' | 'interrupted';

/** what the step's stop did to a model's job. */
export interface ModelStop {
  /** the signal the step received */
  readonly signal: string;
  /** false when the job was not this step's (attached: its own run stops it) or was not started */
  readonly stopRequested: boolean;
  /** the job's status when the step stopped waiting for it */
  readonly status: string;
  readonly waitedSeconds: number;
  readonly summary: string;
}

/** one model's part of the report: what ran (or why nothing ran), what it cost, and the gate's verdict. */
export interface ModelTrainingReport {
  /** the model's name in the catalogue */
  readonly model: string;
  readonly outcome: ModelOutcome;
  /** the model's content-addressed key */
  readonly modelKey: string;
  readonly identity: string;
  readonly commit: string | undefined;
  /** the job that trained now, or (when skipped) the job that produced the existing model */
  readonly trainingJob: string | undefined;
  readonly instance?: { readonly type: string; readonly count: number; readonly spot: boolean };
  /** training time, billable time and the spot savings, when a job ran */
  readonly cost?: SpotSavings;
  readonly spotInterruptions?: number;
  /** wall-clock seconds of the job from its creation to its end (or to now), spot waits included */
  readonly wallSeconds?: number;
  /** the attempt number in the job's name (`<prefix>-<identity>-<attempt>`) */
  readonly attempt?: number;
  /** true when another run started the job and this run waited for it instead of starting a second */
  readonly attached?: boolean;
  /** the key's latest ended attempt, whose checkpoints (at checkpointUri) this job started from */
  readonly resumedFrom?: PreviousAttempt;
  /** where every attempt of the model key checkpoints */
  readonly checkpointUri?: string;
  /** for an `interrupted` outcome: what stopping the job did */
  readonly stop?: ModelStop;
  readonly metric?: MetricVerdict;
  /** why the job failed or stopped, or the error that ended this model's run */
  readonly failure?: string;
  /** for an `error` outcome: the failure's code (e.g. AccessDenied) and the AWS service that answered, when known */
  readonly error?: { readonly code: string; readonly service: string | undefined };
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** the model in each regional models bucket (only when stages deploy to other regions) */
  readonly regionalCopies?: readonly RegionalCopy[];
  /** another model of the catalogue with the same settings, and so the same key, whose run this is */
  readonly sameModelAs?: string;
  /** the model's version in its model package group (registered now or found), when the step registers models */
  readonly modelVersion?: RegisteredVersion;
  /** the model's data-quality baseline (found or made now), when a monitored stage serves it */
  readonly baseline?: ModelBaseline;
}

/** the training step's report: every model of the catalogue, and which were trained, skipped and failed. */
export interface TrainingReport {
  /** passed: every model is published (now or before); failed: see `failed` */
  readonly outcome: 'passed' | 'failed';
  readonly commit: string | undefined;
  /** the most jobs that ran at once */
  readonly maxConcurrentJobs: number;
  /** the models trained and published by this run */
  readonly trained: readonly string[];
  /** the models whose key existed (see each model's trainingJob for the job that made it) */
  readonly skipped: readonly string[];
  /** the models that failed, in catalogue order */
  readonly failed: readonly string[];
  /** every model, in catalogue order */
  readonly models: readonly ModelTrainingReport[];
}

/** whether a model's outcome fails the step. */
export function isFailure(outcome: ModelOutcome): boolean {
  return outcome !== 'skipped' && outcome !== 'published';
}

/** the machine-readable code of each failing outcome (an `error` outcome carries its own). */
const OUTCOME_ERROR_CODES: Readonly<Record<ModelOutcome, string>> = {
  skipped: 'Skipped',
  published: 'Published',
  'metric-below-threshold': 'MetricBelowThreshold',
  failed: 'TrainingFailed',
  stopped: 'TrainingStopped',
  'regional-copy-failed': 'RegionalCopyFailed',
  'baseline-failed': 'BaselineFailed',
  error: 'Unexpected',
  interrupted: 'TrainingInterrupted',
};

/** a failed model's error code and service, for `--json` failures. */
export function modelErrorOf(report: ModelTrainingReport): { readonly code: string; readonly service: string | undefined } {
  return report.error ?? { code: OUTCOME_ERROR_CODES[report.outcome], service: report.outcome === 'regional-copy-failed' ? 'S3' : report.outcome === 'metric-below-threshold' ? undefined : 'SageMaker' };
}

/** one model's human summary lines. */
export function summarizeModel(report: ModelTrainingReport): string[] {
  const lines = [`model ${report.model}: ${report.modelKey} (${report.outcome})`];
  if (report.attached) lines.push(`attached to job ${report.trainingJob ?? '(unknown)'}, started by another run of the same model key; no second job was started`);
  if (report.resumedFrom) lines.push(resumeLine(report.resumedFrom, report.checkpointUri));
  if (report.cost) lines.push(costLine(report));
  if (report.stop) lines.push(`stopped by ${report.stop.signal}: ${report.stop.summary}`);
  if (report.metric) lines.push(report.metric.message);
  if (report.failure) lines.push(report.failure);
  if (report.baseline) lines.push(`data-quality baseline ${report.baseline.uri} (${report.baseline.outcome === 'published' ? `made by job ${report.baseline.jobName}` : 'exists'})`);
  if (report.regionalCopies) lines.push(`regional copies: ${report.regionalCopies.map((c) => `${c.region} ${c.outcome}`).join(', ')}`);
  return lines;
}

/** how a job started from an earlier attempt's checkpoints. */
export function resumeLine(previous: PreviousAttempt, checkpointUri: string | undefined): string {
  const interruptions = previous.spotInterruptions ? ` after ${previous.spotInterruptions} spot interruption(s)` : '';
  return `resumed from the checkpoints of attempt ${previous.trainingJob} (${previous.status}${previous.secondaryStatus && previous.secondaryStatus !== previous.status ? `, ${previous.secondaryStatus}` : ''}${interruptions}, ${previous.billableSeconds} s billed)${checkpointUri ? ` at ${checkpointUri}` : ''}`;
}

/** a job's time and cost: billable and wall seconds, spot savings and interruptions. */
export function costLine(report: ModelTrainingReport): string {
  const cost = report.cost as SpotSavings;
  return (
    `training time ${cost.trainingSeconds} s, billable ${cost.billableSeconds} s per instance` +
    `${report.instance && report.instance.count > 1 ? ` (${cost.billedInstanceSeconds} s over ${report.instance.count} instances)` : ''}` +
    `${report.wallSeconds === undefined ? '' : `, wall ${report.wallSeconds} s`}` +
    `, spot savings ${cost.savingsPercent}%, ${report.spotInterruptions ?? 0} spot interruption(s)`
  );
}

/** the catalogue's summary: one line per model saying trained, skipped (with the job) or failed (with why). */
export function summarizeCatalogue(report: TrainingReport): string[] {
  const line = (m: ModelTrainingReport): string => {
    const same = m.sameModelAs ? `, same settings as ${m.sameModelAs}` : '';
    const how = `${m.attached ? ' (attached: started by another run)' : ''}${m.resumedFrom ? `, resumed from ${m.resumedFrom.trainingJob}` : ''}`;
    if (m.outcome === 'published') return `  trained  ${m.model} by job ${m.trainingJob ?? '(unknown)'}${how}${same}`;
    if (m.outcome === 'skipped') return `  skipped  ${m.model}: ${m.modelKey} exists, made by job ${m.trainingJob ?? '(unknown)'}${same}`;
    return `  FAILED   ${m.model} (${m.outcome}): ${(m.failure ?? m.metric?.message ?? '').split('\n')[0]}${same}`;
  };
  const counts = `${report.trained.length} trained, ${report.skipped.length} skipped, ${report.failed.length} failed`;
  return [`models: ${counts}`, ...report.models.map(line), ...(report.failed.length > 0 ? [`the Train step fails: ${report.failed.join(', ')} failed; every other model is published (trained now or before)`] : [])];
}

/** writes the report as indented JSON, creating its folder. */
export async function writeTrainingReport(path: string, report: TrainingReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
