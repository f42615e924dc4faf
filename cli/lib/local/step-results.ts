/** how a local-mode step ended. */
export type StepStatus = 'passed' | 'failed' | 'skipped';

/** one row of the summary table. */
export interface StepResult {
  readonly name: string;
  readonly status: StepStatus;
  readonly seconds: number;
  /** one line: the figures on success, the reason otherwise */
  readonly detail: string;
  /**
   * what the step left behind and where, e.g. `the compliance report: reports/compliance/index.html`
   * @default - nothing worth finding afterwards
   */
  readonly output?: string;
}

const MARK: Readonly<Record<StepStatus, string>> = { passed: 'ok', failed: 'FAILED', skipped: 'skipped' };

/** the summary table printed at the end of `mlpipe local`. */
export function formatSummary(results: readonly StepResult[]): string {
  const nameWidth = Math.max(4, ...results.map((r) => r.name.length));
  const rows = results.map((r) => `${r.name.padEnd(nameWidth)}  ${MARK[r.status].padEnd(7)}  ${`${r.seconds.toFixed(1)} s`.padStart(7)}  ${r.detail}`);
  const failed = results.filter((r) => r.status === 'failed').length;
  const header = `${'step'.padEnd(nameWidth)}  ${'result'.padEnd(7)}  ${'time'.padStart(7)}  detail`;
  const verdict = failed === 0 ? 'local mode passed' : `local mode FAILED: ${failed} step${failed > 1 ? 's' : ''} failed`;
  const outputs = results.filter((r) => r.status === 'passed' && r.output !== undefined).map((r) => `  ${r.output}`);
  return [header, '-'.repeat(header.length), ...rows, '', verdict, ...(outputs.length ? ['', 'results:', ...outputs] : []), ''].join('\n');
}

/** a failure with the message to show in the summary. */
export class StepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailure';
  }
}

/** a step not run because an earlier one it needs failed or was not asked for. */
export class StepSkipped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepSkipped';
  }
}
