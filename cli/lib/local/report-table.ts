/** what `mlpipe report --json` prints that local mode shows. */
export interface ReportDocument {
  readonly passed: boolean;
  readonly totals: { readonly open: number; readonly acknowledged: number; readonly unmatched: number };
  readonly packs: readonly { readonly name: string; readonly open: number; readonly acknowledged: number; readonly unmatched: number }[];
  readonly files: Readonly<Record<string, string>>;
}

/** the compliance report's totals per pack as a table, with its header, the total row and the verdict. */
export function formatReportTable(report: ReportDocument): string[] {
  const width = Math.max(5, ...report.packs.map((p) => p.name.length));
  const row = (name: string, t: { open: number; acknowledged: number; unmatched: number }) =>
    `${name.padEnd(width)}  ${String(t.open).padStart(4)}  ${String(t.acknowledged).padStart(12)}  ${String(t.unmatched).padStart(9)}`;
  const header = `${'pack'.padEnd(width)}  ${'open'.padStart(4)}  ${'acknowledged'.padStart(12)}  ${'unmatched'.padStart(9)}`;
  const { open, acknowledged } = report.totals;
  const verdict = report.passed ? `PASS: no open finding; ${acknowledged} acknowledged` : `FAIL: ${open} open finding${open === 1 ? '' : 's'}`;
  return [header, '-'.repeat(header.length), ...report.packs.map((p) => row(p.name, p)), row('total', report.totals), verdict];
}
