import { escapeHtml as h } from './escape';
import { acknowledgedGroups, groupAcknowledged, unmatchedTable } from './html-acknowledgements';
import { baselineSection } from './html-baseline';
import { coverageSection } from './html-coverage';
import { contentSecurityPolicy, FILTER_SCRIPT } from './html-filter';
import { num, path, pill, sourceLocation } from './html-parts';
import { HTML_STYLE } from './html-style';
import type { ComplianceReport, Finding, Totals } from './model';
import { plural } from './plural';

function totalsCells(t: Totals): string {
  const state = t.open > 0 ? pill('open', 'failing') : pill('clean', 'passing');
  return `${num(t.open, 'bad')}${num(t.acknowledged)}${num(t.unmatched, 'warn')}<td>${state}</td>`;
}

function stackTable(report: ComplianceReport): string {
  const rows = report.stacks.map(
    (s) => `<tr><td class="path"><code>${path(s.path)}</code><span class="sub">CloudFormation stack ${h(s.stackName)}</span></td>${totalsCells(s)}</tr>`,
  );
  return `<table><thead><tr><th>stack</th><th class="num">open</th><th class="num">acknowledged</th><th class="num">unmatched</th><th>status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function openTable(report: ComplianceReport, findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p class="empty">None: every finding is fixed or acknowledged in code.</p>';
  const rows = findings.map(
    (f) =>
      `<tr data-filter-row><td>${pill(f.severity === 'warning' ? 'warning' : 'error', f.severity || 'finding')}</td><td><span class="rule mono">${h(f.rule)}</span><span class="sub">${h(f.pack)}</span></td><td class="path"><code>${path(f.constructPath)}</code><span class="sub">stack ${h(f.stack || '(none)')}</span></td><td>${h(f.description)}</td><td class="loc">${sourceLocation(report, f.definedAt)}</td></tr>`,
  );
  return `<table class="findings open" data-filter-group><colgroup><col class="c-sev"><col class="c-rule"><col class="c-resource"><col class="c-desc"><col class="c-loc"></colgroup><thead><tr><th>severity</th><th>rule</th><th>resource</th><th>what is wrong</th><th>defined at</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function card(n: number, label: string, kind: string): string {
  return `<div class="card ${kind}"><div class="n">${n}</div><div class="l">${h(label)}</div></div>`;
}

function verdict(report: ComplianceReport): string {
  const t = report.totals;
  const c = report.checks;
  const over = `${plural(report.packs.length, 'pack')} and ${plural(report.stacks.length, 'stack')}`;
  const checked = `${plural(c.rulesApplied, 'rule')} checked ${plural(c.resourcesChecked, 'resource')}`;
  if (t.open > 0) return `<section class="verdict fail"><strong>FAIL</strong>${plural(t.open, 'open finding')} over ${over}; ${checked}.</section>`;
  if (c.resourcesChecked === 0) return `<section class="verdict fail"><strong>FAIL</strong>Nothing was checked: no rule of the ${plural(report.packs.length, 'pack')} applied to any resource.</section>`;
  const unmatched = t.unmatched > 0 ? ` ${plural(t.unmatched, 'acknowledgement')} matched no finding: see the end of the page.` : '';
  return `<section class="verdict pass"><strong>PASS</strong>No open findings over ${over}: ${checked}.${unmatched}</section>`;
}

const HOW_TO_READ = `<dl>
<dt>changes against the baseline</dt><dd>The acknowledgements this commit adds, removes or gives a new reason, compared with the committed <code>compliance/acknowledgements.baseline.json</code>: what to review per release.</dd>
<dt>coverage</dt><dd>Per pack, the rules it ran on every resource, how many applied to at least one, and the resources they checked: passed (every rule that applied passed), acknowledged only, or with an open finding. Expand a pack for each rule's counts. Recorded during synth in <code>compliance-coverage.json</code>, and checked against the validation report.</dd>
<dt>open</dt><dd>A rule failed on a resource and nothing in the code acknowledges it. Any open finding, warnings included, fails the build.</dd>
<dt>acknowledged</dt><dd>The finding was waived in code with <code>Validations.of(resource).acknowledge({ id, reason })</code>; grouped by rule and reason, each group lists the resources and the file and line of each call.</dd>
<dt>unmatched</dt><dd>An acknowledgement recorded in the cloud assembly that no reported finding used: the finding is gone (a stale waiver to remove), or the id was not qualified with its pack (<code>Pack::Rule</code>), so cdk-nag applied it without the report seeing the finding.</dd>
<dt>defined at / source location</dt><dd>The first frame of the app's own code in the stack trace CDK recorded, relative to the repository root, linked to the file at this commit when the repository is known.</dd>
</dl>`;

/** `index.html`: a self-contained (no network) page for auditors. Every value is HTML-escaped. */
export function renderHtml(report: ComplianceReport): string {
  const t = report.totals;
  const tools = Object.entries(report.toolVersions).map(([k, v]) => `${h(k)} <code>${h(v)}</code>`).join(' · ');
  const byStatus = (s: Finding['status']) => report.findings.filter((f) => f.status === s);
  const acknowledged = byStatus('acknowledged');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${h(contentSecurityPolicy(HTML_STYLE))}">
<title>Compliance report ${h(report.commit.slice(0, 12))}</title><style>${HTML_STYLE}</style></head>
<body><main>
<h1>Compliance report</h1>
<p class="meta">commit <code>${h(report.commit)}</code> · generated <time datetime="${h(report.generatedAt)}">${h(report.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</time></p>
<p class="meta">${tools}</p>
${verdict(report)}
<h2 id="baseline">Changes against the committed baseline</h2>${baselineSection(report)}
<section class="cards">${card(t.open, 'open findings', t.open > 0 ? 'open' : 'zero')}${card(t.acknowledged, 'acknowledged findings', 'ack')}${card(t.unmatched, 'unmatched acknowledgements', '')}${card(report.checks.rulesApplied, 'rules applied', '')}${card(report.checks.resourcesChecked, 'resources checked', '')}</section>
<h2 id="coverage">Coverage per pack</h2>${coverageSection(report)}
<h2>Totals per stack</h2>${stackTable(report)}
<div class="filter"><label for="filter">Filter</label><input id="filter" type="search" placeholder="rule, resource, reason or file" autocomplete="off"><span id="filter-count" class="sub"></span></div>
<h2 id="open">Open findings <span class="count">(${t.open})</span></h2>${openTable(report, byStatus('open'))}
<h2 id="acknowledged">Acknowledged findings <span class="count">(${t.acknowledged} in ${plural(groupAcknowledged(acknowledged).length, 'group')} by rule and reason)</span></h2>${acknowledgedGroups(report, acknowledged)}
<h2 id="unmatched">Acknowledgements that matched no reported finding <span class="count">(${t.unmatched})</span></h2>${unmatchedTable(report, byStatus('unmatched-acknowledgement'))}
<h2>How to read this report</h2>${HOW_TO_READ}
<footer>Built from the cloud assembly <code>${h(report.assemblyDir)}</code> (<code>${h(report.validationReportFile)}</code>, <code>${h(report.coverageFile)}</code> and each stack's metadata). The same rows: <code>compliance.csv</code>, <code>coverage.csv</code>, <code>compliance.junit.xml</code>, <code>summary.md</code>.</footer>
</main><script>${FILTER_SCRIPT}</script></body></html>
`;
}
