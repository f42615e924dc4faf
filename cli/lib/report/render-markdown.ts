import { markdownCell } from './escape';
import type { ComplianceReport, Totals } from './model';
import { plural } from './plural';
import { formatLocation } from './source-location';

/** how many open findings the summary lists before pointing to the full report. */
const MAX_LISTED = 50;

function totalsRow(name: string, t: Totals): string {
  return `| ${markdownCell(name)} | ${t.open} | ${t.acknowledged} | ${t.unmatched} |`;
}

/** `summary.md`: the verdict, totals per pack and stack and the open findings, for the build log. */
export function renderMarkdown(report: ComplianceReport): string {
  const t = report.totals;
  const verdict = report.passed
    ? `**PASS**: no open findings; ${t.acknowledged} acknowledged`
    : `**FAIL**: ${plural(t.open, 'open finding')}; ${t.acknowledged} acknowledged`;
  const tools = Object.entries(report.toolVersions).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    '# Compliance report',
    '',
    `${verdict}, ${plural(t.unmatched, 'acknowledgement')} matched no reported finding.`,
    '',
    `- commit: \`${markdownCell(report.commit)}\``,
    `- generated: ${report.generatedAt}`,
    `- tools: ${markdownCell(tools)}`,
    `- packs: ${report.packs.map((p) => p.name).join(', ')}; stacks: ${report.stacks.length}`,
    '',
    '| pack | open | acknowledged | unmatched |',
    '| --- | ---: | ---: | ---: |',
    ...report.packs.map((p) => totalsRow(p.name, p)),
    '',
    '| stack | open | acknowledged | unmatched |',
    '| --- | ---: | ---: | ---: |',
    ...report.stacks.map((s) => totalsRow(s.path, s)),
    '',
  ];
  const open = report.findings.filter((f) => f.status === 'open');
  if (open.length > 0) {
    lines.push(`## Open findings (${open.length})`, '', '| severity | rule | resource | defined at |', '| --- | --- | --- | --- |');
    for (const f of open.slice(0, MAX_LISTED)) {
      lines.push(`| ${f.severity} | ${markdownCell(f.rule)} | ${markdownCell(f.constructPath)} | ${markdownCell(formatLocation(f.definedAt))} |`);
    }
    if (open.length > MAX_LISTED) lines.push('', `... and ${open.length - MAX_LISTED} more: see index.html or compliance.csv.`);
    lines.push('');
  }
  lines.push('Every finding and acknowledgement, with reasons and source lines: index.html, compliance.csv, compliance.junit.xml.', '');
  return lines.join('\n');
}
