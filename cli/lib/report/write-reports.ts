import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from './build-report';
import type { BuildReportOptions } from './build-report';
import type { ComplianceReport } from './model';
import { readAssembly } from './read-assembly';
import { renderCoverageCsv, renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderJunit } from './render-junit';
import { renderMarkdown } from './render-markdown';
import type { LineageSources } from '../lineage/model-lineage';
import { writeLineage } from '../lineage/write-lineage';

/** the files written into the output directory. */
export const REPORT_FILES = {
  html: 'index.html',
  csv: 'compliance.csv',
  coverageCsv: 'coverage.csv',
  junit: 'compliance.junit.xml',
  markdown: 'summary.md',
} as const;

/** where to read and write. */
export interface WriteReportsOptions extends Omit<BuildReportOptions, 'assemblyDir'> {
  /** the cloud assembly directory (absolute, or relative to the process's working directory) */
  readonly assemblyDir: string;
  /**
   * how the report and its errors name the assembly directory
   * @default - assemblyDir
   */
  readonly assemblyLabel?: string;
  /** the directory the files go to; created when missing */
  readonly outDir: string;
  /**
   * also write the model lineage beside the report (lineage.md, lineage.json; see cli/lib/lineage)
   * @default - no lineage
   */
  readonly lineage?: LineageSources;
}

/** what was written. */
export interface WrittenReports {
  readonly report: ComplianceReport;
  /** the content of `summary.md` */
  readonly summary: string;
  /** the paths written, by kind */
  readonly files: Readonly<Record<keyof typeof REPORT_FILES, string>>;
  /** the lineage files, when asked for */
  readonly lineageFiles?: Readonly<Record<string, string>>;
}

/** reads the cloud assembly, builds the report and writes index.html, compliance.csv, coverage.csv, compliance.junit.xml and summary.md. */
export function writeReports(options: WriteReportsOptions): WrittenReports {
  const label = options.assemblyLabel ?? options.assemblyDir;
  const report = buildReport(readAssembly(options.assemblyDir, label), { ...options, assemblyDir: label });
  const summary = renderMarkdown(report);
  const contents: Record<keyof typeof REPORT_FILES, string> = {
    html: renderHtml(report),
    csv: renderCsv(report),
    coverageCsv: renderCoverageCsv(report),
    junit: renderJunit(report),
    markdown: summary,
  };
  mkdirSync(options.outDir, { recursive: true });
  const files = {} as Record<keyof typeof REPORT_FILES, string>;
  for (const kind of Object.keys(REPORT_FILES) as (keyof typeof REPORT_FILES)[]) {
    files[kind] = join(options.outDir, REPORT_FILES[kind]);
    writeFileSync(files[kind], contents[kind]);
  }
  const lineageFiles = options.lineage ? writeLineage(options.assemblyDir, options.outDir, options.lineage) : undefined;
  return { report, summary, files, ...(lineageFiles ? { lineageFiles } : {}) };
}
