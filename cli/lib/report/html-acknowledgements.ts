import { escapeHtml as h } from './escape';
import { path, sourceLocation } from './html-parts';
import type { ComplianceReport, Finding } from './model';
import { plural } from './plural';

/** the acknowledged findings of one rule that share one reason. */
export interface AcknowledgementGroup {
  readonly rule: string;
  readonly pack: string;
  readonly reason: string;
  readonly findings: readonly Finding[];
}

/** the findings grouped by rule and reason, the largest groups first. */
export function groupAcknowledged(findings: readonly Finding[]): AcknowledgementGroup[] {
  const groups = new Map<string, { rule: string; pack: string; reason: string; findings: Finding[] }>();
  for (const f of findings) {
    const reason = f.acknowledgement?.reason ?? '';
    const k = JSON.stringify([f.pack, f.rule, reason]);
    const group = groups.get(k) ?? { rule: f.rule, pack: f.pack, reason, findings: [] };
    group.findings.push(f);
    groups.set(k, group);
  }
  return [...groups.values()].sort((a, b) => b.findings.length - a.findings.length || a.rule.localeCompare(b.rule) || a.reason.localeCompare(b.reason));
}

function madeCell(report: ComplianceReport, f: Finding): string {
  const ack = f.acknowledgement;
  if (!ack) return '<td></td>';
  const by = ack.madeByLibrary ? `<span class="sub">made by ${h(ack.madeByLibrary)}</span>` : '';
  const id = ack.id === `${f.pack.replace(/ /g, '-')}::${f.rule}` ? '' : `<span class="sub">id <code>${path(ack.id)}</code></span>`;
  const on = ack.constructPath === f.constructPath ? '' : `<span class="sub">on <code>${path(ack.constructPath || '(app)')}</code></span>`;
  return `<td class="loc">${sourceLocation(report, ack.location)}${on}${id}${by}</td>`;
}

function resourceCell(f: Finding): string {
  return `<td class="path"><code>${path(f.constructPath)}</code><span class="sub">stack ${h(f.stack || '(none)')}</span></td>`;
}

/** one expandable group per rule and reason, with the count, listing each resource and the line that acknowledged it. */
export function acknowledgedGroups(report: ComplianceReport, findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p class="empty">No finding is acknowledged.</p>';
  return groupAcknowledged(findings)
    .map((g) => {
      const rows = g.findings.map((f) => `<tr data-filter-row>${resourceCell(f)}${madeCell(report, f)}</tr>`).join('');
      return `<details class="group" data-filter-group><summary><span class="rule mono">${h(g.rule)}</span> <span class="n">${plural(g.findings.length, 'resource')}</span><span class="reason">${h(g.reason)}</span></summary><table class="findings"><colgroup><col class="c-resource"><col class="c-loc"></colgroup><thead><tr><th>resource</th><th>source location</th></tr></thead><tbody>${rows}</tbody></table></details>`;
    })
    .join('');
}

/** the acknowledgements that matched no reported finding, one row each. */
export function unmatchedTable(report: ComplianceReport, findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p class="empty">None: every acknowledgement in the code matched a finding.</p>';
  const rows = findings.map(
    (f) => `<tr data-filter-row><td><span class="rule mono">${h(f.rule)}</span><span class="sub">${h(f.pack)}</span></td>${resourceCell(f)}<td class="reason">${h(f.acknowledgement?.reason ?? '')}</td>${madeCell(report, f)}</tr>`,
  );
  return `<table class="findings" data-filter-group><colgroup><col class="c-rule"><col class="c-resource"><col class="c-reason"><col class="c-loc"></colgroup><thead><tr><th>rule</th><th>resource</th><th>reason</th><th>source location</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
