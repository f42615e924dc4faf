import { markdownCell } from './escape';
import type { ComplianceReport, PackSummary, Totals } from './model';
import { plural } from './plural';
import { formatLocation } from './source-location';

/** how many open findings the summary lists before pointing to the full report. */
const MAX_LISTED = 50;

function totalsRow(name: string, t: Totals): string {
  return `| ${markdownCell(name)} | ${t.open} | ${t.acknowledged} | ${t.unmatched} |`;
}

function coverageRow(p: PackSummary): string {
  const c = p.coverage;
  const figures = c ? `${c.rulesRun} | ${c.rulesApplied} | ${c.resourcesVisited} | ${c.resourcesChecked} | ${c.resourcesPassed} | ${c.resourcesAcknowledged} | ${c.resourcesOpen}` : 'not recorded | | | | | |';
  return `| ${markdownCell(p.name)} | ${figures} | ${p.open} | ${p.acknowledged} | ${p.unmatched} |`;
}

function baselineLines(report: ComplianceReport): string[] {
  const b = report.baseline;
  if (!b) return ['- baseline: not compared (no baseline given)'];
  const lines = [`- baseline \`${markdownCell(b.file)}\`: ${b.added.length} new, ${b.removed.length} removed, ${b.reasonChanged.length} reason changed (${b.baselineCount} in the baseline, ${b.currentCount} now)`];
  for (const c of b.added) lines.push(`  - new: ${markdownCell(c.id)} on ${markdownCell(c.path)}`);
  for (const c of b.removed) lines.push(`  - removed: ${markdownCell(c.id)} on ${markdownCell(c.path)}`);
  for (const c of b.reasonChanged) lines.push(`  - reason changed: ${markdownCell(c.id)} on ${markdownCell(c.path)}`);
  return lines;
}

/** `summary.md`: the verdict, totals per pack and stack and the open findings, for the build log. */
export function renderMarkdown(report: ComplianceReport): string {
  const t = report.totals;
  const c = report.checks;
  const checked = `${plural(c.rulesApplied, 'rule')} checked ${plural(c.resourcesChecked, 'resource')}`;
  const verdict = report.passed
    ? `**PASS**: no open findings, ${checked}; ${t.acknowledged} acknowledged`
    : t.open > 0
      ? `**FAIL**: ${plural(t.open, 'open finding')}, ${checked}; ${t.acknowledged} acknowledged`
      : `**FAIL**: nothing was checked (no rule applied to any resource); ${t.acknowledged} acknowledged`;
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
    ...baselineLines(report),
    '',
    '| pack | rules run | rules applied | resources visited | resources checked | passed | acknowledged only | with open findings | open | acknowledged | unmatched |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.packs.map(coverageRow),
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
  lines.push('Every finding and acknowledgement, with reasons and source lines: index.html, compliance.csv, compliance.junit.xml; every rule\'s counts: coverage.csv.', '');
  return lines.join('\n');
}
