import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MetricVerdict } from './metric-gate';
import type { RegionalCopy } from './regional-copies';
import type { SpotSavings } from './spot-savings';

/** where the training step writes its report (CodeBuild can publish it as an artifact). */
export const DEFAULT_REPORT_PATH = 'reports/training/report.json';

/** the training step's report: what ran (or why nothing ran), what it cost, and the gate's verdict. */
export interface TrainingReport {
  readonly outcome: 'skipped' | 'published' | 'metric-below-threshold' | 'failed' | 'stopped';
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
  readonly metric?: MetricVerdict;
  /** why the job failed or stopped */
  readonly failure?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** the model in each regional models bucket (only when stages deploy to other regions) */
  readonly regionalCopies?: readonly RegionalCopy[];
}

/** the report's human summary lines. */
export function summarizeReport(report: TrainingReport): string[] {
  const lines = [`model ${report.modelKey} (${report.outcome})`];
  if (report.cost) {
    lines.push(
      `training time ${report.cost.trainingSeconds} s, billable ${report.cost.billableSeconds} s per instance` +
        `${report.instance && report.instance.count > 1 ? ` (${report.cost.billedInstanceSeconds} s over ${report.instance.count} instances)` : ''}` +
        `, spot savings ${report.cost.savingsPercent}%${report.spotInterruptions ? `, ${report.spotInterruptions} spot interruption(s)` : ''}`,
    );
  }
  if (report.metric) lines.push(report.metric.message);
  if (report.failure) lines.push(report.failure);
  if (report.regionalCopies) lines.push(`regional copies: ${report.regionalCopies.map((c) => `${c.region} ${c.outcome}`).join(', ')}`);
  return lines;
}

/** writes the report as indented JSON, creating its folder. */
export async function writeTrainingReport(path: string, report: TrainingReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
