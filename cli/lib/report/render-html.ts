import { escapeHtml as h } from './escape';
import { HTML_STYLE } from './html-style';
import type { ComplianceReport, Finding, Totals } from './model';
import { plural } from './plural';
import { formatLocation } from './source-location';

function num(n: number, highlight: '' | 'bad' | 'warn' = ''): string {
  return `<td class="num${highlight && n > 0 ? ` ${highlight}` : ''}">${n}</td>`;
}

/** a construct path, escaped, that may wrap after each `/`. */
function path(text: string): string {
  return h(text).replace(/\//g, '/<wbr>');
}

function pill(kind: string, label: string = kind): string {
  return `<span class="pill ${h(kind)}">${h(label)}</span>`;
}

function totalsCells(t: Totals): string {
  const state = t.open > 0 ? pill('open', 'failing') : pill('clean', 'passing');
  return `${num(t.open, 'bad')}${num(t.acknowledged)}${num(t.unmatched, 'warn')}<td>${state}</td>`;
}

function packTable(report: ComplianceReport): string {
  const rows = report.packs.map(
    (p) => `<tr><td><span class="rule">${h(p.name)}</span>${p.version ? `<span class="sub">version ${h(p.version)}</span>` : ''}</td>${totalsCells(p)}</tr>`,
  );
  return `<table><thead><tr><th>pack</th><th class="num">open</th><th class="num">acknowledged</th><th class="num">unmatched</th><th>status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function stackTable(report: ComplianceReport): string {
  const rows = report.stacks.map(
    (s) => `<tr><td class="path"><code>${path(s.path)}</code><span class="sub">CloudFormation stack ${h(s.stackName)}</span></td>${totalsCells(s)}</tr>`,
  );
  return `<table><thead><tr><th>stack</th><th class="num">open</th><th class="num">acknowledged</th><th class="num">unmatched</th><th>status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function location(f: Finding['definedAt']): string {
  return f ? `<code>${h(formatLocation(f))}</code>` : '<span class="sub">not recorded</span>';
}

function ruleCell(f: Finding): string {
  return `<td><span class="rule mono">${h(f.rule)}</span><span class="sub">${h(f.pack)}</span></td>`;
}

function resourceCell(f: Finding): string {
  return `<td class="path"><code>${path(f.constructPath)}</code><span class="sub">stack ${h(f.stack || '(none)')}</span></td>`;
}

function openTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p class="empty">None: every finding is fixed or acknowledged in code.</p>';
  const rows = findings.map(
    (f) =>
      `<tr><td>${pill(f.severity === 'warning' ? 'warning' : 'error', f.severity || 'finding')}</td>${ruleCell(f)}${resourceCell(f)}<td>${h(f.description)}</td><td class="loc">${location(f.definedAt)}</td></tr>`,
  );
  return `<table class="findings open"><colgroup><col class="c-sev"><col class="c-rule"><col class="c-resource"><col class="c-desc"><col class="c-loc"></colgroup><thead><tr><th>severity</th><th>rule</th><th>resource</th><th>what is wrong</th><th>defined at</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function acknowledgementCell(f: Finding): string {
  const ack = f.acknowledgement;
  if (!ack) return '<td></td>';
  const by = ack.madeByLibrary ? `<span class="sub">made by ${h(ack.madeByLibrary)}</span>` : '';
  const id = ack.id === `${f.pack.replace(/ /g, '-')}::${f.rule}` ? '' : `<span class="sub">id <code>${path(ack.id)}</code></span>`;
  const on = ack.constructPath === f.constructPath ? '' : `<span class="sub">on <code>${path(ack.constructPath || '(app)')}</code></span>`;
  return `<td class="loc">${location(ack.location)}${on}${id}${by}</td>`;
}

function acknowledgedTable(findings: readonly Finding[], empty: string): string {
  if (findings.length === 0) return `<p class="empty">${h(empty)}</p>`;
  const rows = findings.map((f) => `<tr>${ruleCell(f)}${resourceCell(f)}<td class="reason">${h(f.acknowledgement?.reason ?? '')}</td>${acknowledgementCell(f)}</tr>`);
  return `<table class="findings"><colgroup><col class="c-rule"><col class="c-resource"><col class="c-reason"><col class="c-loc"></colgroup><thead><tr><th>rule</th><th>resource</th><th>reason</th><th>acknowledged at</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function card(n: number, label: string, kind: string): string {
  return `<div class="card ${kind}"><div class="n">${n}</div><div class="l">${h(label)}</div></div>`;
}

const HOW_TO_READ = `<dl>
<dt>open</dt><dd>A rule failed on a resource and nothing in the code acknowledges it. Any open finding, warnings included, fails the build.</dd>
<dt>acknowledged</dt><dd>The finding was waived in code with <code>Validations.of(resource).acknowledge({ id, reason })</code>; the reason and the file and line of that call are shown.</dd>
<dt>unmatched</dt><dd>An acknowledgement recorded in the cloud assembly that no reported finding used: the finding is gone (a stale waiver to remove), or the id was not qualified with its pack (<code>Pack::Rule</code>), so cdk-nag applied it without the report seeing the finding.</dd>
<dt>defined at / acknowledged at</dt><dd>The first frame of the app's own code in the stack trace CDK recorded, relative to the repository root.</dd>
</dl>`;

/** `index.html`: a self-contained (no network) page for auditors. Every value is HTML-escaped. */
export function renderHtml(report: ComplianceReport): string {
  const t = report.totals;
  const tools = Object.entries(report.toolVersions).map(([k, v]) => `${h(k)} <code>${h(v)}</code>`).join(' · ');
  const verdict = report.passed
    ? `<section class="verdict pass"><strong>PASS</strong>No open findings over ${plural(report.packs.length, 'pack')} and ${plural(report.stacks.length, 'stack')}.${t.unmatched > 0 ? ` ${plural(t.unmatched, 'acknowledgement')} matched no finding: see the end of the page.` : ''}</section>`
    : `<section class="verdict fail"><strong>FAIL</strong>${plural(t.open, 'open finding')} over ${plural(report.packs.length, 'pack')} and ${plural(report.stacks.length, 'stack')}.</section>`;
  const byStatus = (s: Finding['status']) => report.findings.filter((f) => f.status === s);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compliance report ${h(report.commit.slice(0, 12))}</title><style>${HTML_STYLE}</style></head>
<body><main>
<h1>Compliance report</h1>
<p class="meta">commit <code>${h(report.commit)}</code> · generated <time datetime="${h(report.generatedAt)}">${h(report.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</time></p>
<p class="meta">${tools}</p>
${verdict}
<section class="cards">${card(t.open, 'open findings', t.open > 0 ? 'open' : 'zero')}${card(t.acknowledged, 'acknowledged findings', 'ack')}${card(t.unmatched, 'unmatched acknowledgements', '')}${card(report.packs.length, 'packs', '')}${card(report.stacks.length, 'stacks', '')}</section>
<h2>Totals per pack</h2>${packTable(report)}
<h2>Totals per stack</h2>${stackTable(report)}
<h2 id="open">Open findings <span class="count">(${t.open})</span></h2>${openTable(byStatus('open'))}
<h2 id="acknowledged">Acknowledged findings <span class="count">(${t.acknowledged})</span></h2>${acknowledgedTable(byStatus('acknowledged'), 'No finding is acknowledged.')}
<h2 id="unmatched">Acknowledgements that matched no reported finding <span class="count">(${t.unmatched})</span></h2>${acknowledgedTable(byStatus('unmatched-acknowledgement'), 'None: every acknowledgement in the code matched a finding.')}
<h2>How to read this report</h2>${HOW_TO_READ}
<footer>Built from the cloud assembly <code>${h(report.assemblyDir)}</code> (<code>${h(report.validationReportFile)}</code> and each stack's metadata). The same rows: <code>compliance.csv</code>, <code>compliance.junit.xml</code>, <code>summary.md</code>.</footer>
</main></body></html>
`;
}
