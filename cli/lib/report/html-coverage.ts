import { escapeHtml as h } from './escape';
import { num, pill } from './html-parts';
import type { ComplianceReport, PackSummary, RuleCoverage } from './model';
import { plural } from './plural';

function packStatus(p: PackSummary): string {
  if (p.open > 0) return pill('open', 'failing');
  if (!p.coverage) return pill('other', 'findings only');
  if (p.coverage.resourcesChecked === 0) return pill('warning', 'checked nothing');
  return pill('clean', 'passing');
}

function packRow(p: PackSummary): string {
  const name = `<td><span class="rule">${h(p.name)}</span>${p.version ? `<span class="sub">version ${h(p.version)}</span>` : ''}</td>`;
  const c = p.coverage;
  if (!c) return `<tr>${name}<td colspan="7" class="sub">not a rule pack of the app: its findings are listed, what it checked is not recorded</td>${num(p.open, 'bad')}<td>${packStatus(p)}</td></tr>`;
  return `<tr>${name}${num(c.rulesRun)}${num(c.rulesApplied)}${num(c.resourcesVisited)}${num(c.resourcesChecked)}${num(c.resourcesPassed)}${num(c.resourcesAcknowledged)}${num(c.resourcesOpen, 'bad')}${num(p.open, 'bad')}<td>${packStatus(p)}</td></tr>`;
}

function ruleRow(r: RuleCoverage): string {
  const error = r.errors > 0 ? `<span class="sub">threw on ${plural(r.errors, 'resource')}</span>` : '';
  return `<tr data-filter-row><td><span class="rule mono">${h(r.rule)}</span>${error}</td><td>${h(r.level)}</td>${num(r.checked)}${num(r.passed)}${num(r.acknowledged)}${num(r.open, 'bad')}${num(r.notApplicable)}</tr>`;
}

function rulesOf(p: PackSummary): string {
  const c = p.coverage;
  if (!c) return '';
  const none = c.rulesRun - c.rulesApplied;
  return `<details class="rules" data-filter-group><summary>${h(p.name)}: ${plural(c.rulesApplied, 'rule')} applied to at least one resource${none > 0 ? `, ${none} to none` : ''}</summary><table class="rules"><thead><tr><th>rule</th><th>level</th><th class="num">checked</th><th class="num">passed</th><th class="num">acknowledged</th><th class="num">open</th><th class="num">not applicable</th></tr></thead><tbody>${c.rules.map(ruleRow).join('')}</tbody></table></details>`;
}

/** the coverage table (one row per pack) and, expandable, each pack's rules with their counts. */
export function coverageSection(report: ComplianceReport): string {
  const head = '<thead><tr><th>pack</th><th class="num">rules run</th><th class="num">rules applied</th><th class="num">resources visited</th><th class="num">resources checked</th><th class="num">passed</th><th class="num">acknowledged only</th><th class="num">with open findings</th><th class="num">open findings</th><th>status</th></tr></thead>';
  const c = report.checks;
  const lead = `<p class="lead">${plural(c.rulesApplied, 'rule')} (of ${c.rulesRun} run) checked ${plural(c.resourcesChecked, 'resource')}: ${plural(c.checks, 'rule-and-resource check')}, ${c.checksPassed} passed outright.</p>`;
  return `${lead}<table class="coverage">${head}<tbody>${report.packs.map(packRow).join('')}</tbody></table>${report.packs.map(rulesOf).join('')}`;
}
