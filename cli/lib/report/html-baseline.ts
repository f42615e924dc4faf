import { escapeHtml as h } from './escape';
import { path, sourceLocation } from './html-parts';
import type { ComplianceReport, WaiverChange } from './model';
import { plural } from './plural';

function rows(report: ComplianceReport, changes: readonly WaiverChange[], kind: 'new' | 'removed' | 'changed'): string {
  return changes
    .map((c) => {
      const reason = kind === 'changed' ? `${h(c.reason)}<span class="sub">was: ${h(c.previousReason ?? '')}</span>` : h(c.reason);
      const where = kind === 'removed' ? '<span class="sub">gone from the code</span>' : sourceLocation(report, c.location);
      const by = c.madeBy ? `<span class="sub">made by ${h(c.madeBy)}</span>` : '';
      return `<tr class="${kind}"><td><span class="pill ${kind === 'removed' ? 'open' : 'warning'}">${kind}</span></td><td><span class="rule mono">${path(c.id)}</span></td><td class="path"><code>${path(c.path || '(app)')}</code>${by}</td><td class="reason">${reason}</td><td class="loc">${where}</td></tr>`;
    })
    .join('');
}

/** what changed against the committed baseline: the first thing an auditor reviews per release. */
export function baselineSection(report: ComplianceReport): string {
  const b = report.baseline;
  if (!b) return '<p class="empty">Not compared: no baseline was given (<code>mlpipe report --baseline FILE</code>; the default is <code>compliance/acknowledgements.baseline.json</code>).</p>';
  const changes = b.added.length + b.removed.length + b.reasonChanged.length;
  const lead = `<p class="lead"><code>${h(b.file)}</code> holds ${plural(b.baselineCount, 'acknowledgement')}; this commit has ${b.currentCount}: <strong>${b.added.length} new</strong>, <strong>${b.removed.length} removed</strong>, <strong>${plural(b.reasonChanged.length, 'reason')} changed</strong>.</p>`;
  if (changes === 0) return `${lead}<p class="empty">No change: every acknowledgement of this commit is in the baseline with the same reason.</p>`;
  const body = rows(report, b.added, 'new') + rows(report, b.removed, 'removed') + rows(report, b.reasonChanged, 'changed');
  return `${lead}<table class="findings baseline"><colgroup><col class="c-sev"><col class="c-rule"><col class="c-resource"><col class="c-reason"><col class="c-loc"></colgroup><thead><tr><th>change</th><th>acknowledged id</th><th>made on</th><th>reason</th><th>source location</th></tr></thead><tbody>${body}</tbody></table>`;
}
