import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG_FILE, formatProblem, loadConfig } from '../../../config';
import type { TrainingReport } from '../training/training-report';
import { DEFAULT_REPORT_PATH } from '../training/training-report';
import { ReportInputError } from '../report/report-input-error';
import type { LineageSources } from './model-lineage';

/**
 * what the report command reads for the lineage: the config (given, else pipeline.yaml when it
 * exists) and the Train step's report (given, else reports/training/report.json when it exists).
 * A file that was named but cannot be read is an error in the lineage, not a silent gap.
 */
export function lineageSources(cwd: string, files: { readonly config?: string; readonly trainingReport?: string }): LineageSources {
  const configFile = resolve(cwd, files.config ?? DEFAULT_CONFIG_FILE);
  const reportFile = files.trainingReport ?? DEFAULT_REPORT_PATH;
  const reportPath = resolve(cwd, reportFile);
  let config: LineageSources['config'];
  if (files.config !== undefined || existsSync(configFile)) {
    try {
      config = loadConfig(configFile);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      config = { error: `${err.file}: ${err.problems.map(formatProblem).join('; ')}` };
    }
  }
  let trainingReport: TrainingReport | undefined;
  if (files.trainingReport !== undefined || existsSync(reportPath)) {
    try {
      trainingReport = JSON.parse(readFileSync(reportPath, 'utf8')) as TrainingReport;
    } catch (err) {
      throw new ReportInputError(`training report ${reportFile} cannot be read (${(err as Error).message}); pass the Train step's reports/training/report.json with --training-report, or leave the flag out`);
    }
  }
  return { ...(config ? { config } : {}), ...(trainingReport ? { trainingReport, trainingReportFile: reportFile } : {}) };
}
