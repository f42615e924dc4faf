import { escapeXml } from './escape';
import type { ComplianceReport, Finding, PackSummary, RuleCoverage } from './model';
import { plural } from './plural';
import { formatLocation } from './source-location';

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function acknowledgementOutput(f: Finding): string {
  const ack = f.acknowledgement;
  if (!ack) return '';
  const lines = [
    f.status === 'acknowledged' ? `acknowledged: ${ack.reason}` : `acknowledgement that matched no reported finding: ${ack.reason}`,
    `id: ${ack.id}`,
    `made on: ${ack.constructPath || '(app)'}${ack.location ? ` at ${formatLocation(ack.location)}` : ''}${ack.madeByLibrary ? ` by ${ack.madeByLibrary}` : ''}`,
  ];
  return lines.join('\n');
}

function testCase(f: Finding): string {
  const head = `    <testcase${attributes({ classname: `${f.pack}.${f.stack || '(app)'}`, name: `${f.rule} ${f.constructPath}`, time: 0 })}`;
  if (f.status === 'open') {
    const detail = [f.description, `resource: ${f.constructPath}`, f.definedAt ? `defined at: ${formatLocation(f.definedAt)}` : ''].filter(Boolean).join('\n');
    return `${head}>\n      <failure${attributes({ message: `${f.rule} (${f.severity || 'finding'}) on ${f.constructPath}`, type: f.severity || 'finding' })}>${escapeXml(detail)}</failure>\n    </testcase>\n`;
  }
  return `${head}>\n      <system-out>${escapeXml(acknowledgementOutput(f))}</system-out>\n    </testcase>\n`;
}

/** a passing case per rule that applied: what it checked (its open findings fail in their own cases). */
function coverageCase(pack: string, r: RuleCoverage): string {
  const out = `checked ${plural(r.checked, 'resource')}: ${r.passed} passed, ${r.acknowledged} acknowledged, ${r.open} open; not applicable to ${r.notApplicable}${r.errors > 0 ? `; threw on ${r.errors}` : ''}`;
  return `    <testcase${attributes({ classname: `${pack}.coverage`, name: `${r.rule} checked ${r.checked}`, time: 0 })}>\n      <system-out>${escapeXml(out)}</system-out>\n    </testcase>\n`;
}

function coverageProperties(p: PackSummary): Record<string, number> {
  const c = p.coverage;
  if (!c) return {};
  return { rules_run: c.rulesRun, rules_applied: c.rulesApplied, resources_visited: c.resourcesVisited, resources_checked: c.resourcesChecked, resources_passed: c.resourcesPassed, resources_acknowledged: c.resourcesAcknowledged, resources_open: c.resourcesOpen };
}

function suite(p: PackSummary, findings: readonly Finding[], report: ComplianceReport): { readonly xml: string; readonly tests: number } {
  const failures = findings.filter((f) => f.status === 'open').length;
  const cases = [...findings.map(testCase), ...(p.coverage?.rules ?? []).filter((r) => r.checked > 0).map((r) => coverageCase(p.name, r))];
  if (cases.length === 0) {
    const what = p.coverage ? `no rule of ${p.coverage.rulesRun} applied to a resource` : 'no findings';
    cases.push(`    <testcase${attributes({ classname: p.name, name: `${p.name}: ${what} in ${plural(report.stacks.length, 'stack')}`, time: 0 })}/>\n`);
  }
  const head = attributes({ name: p.name, tests: cases.length, failures, errors: 0, skipped: 0, time: 0, timestamp: report.generatedAt.replace(/\.\d+Z$/, '') });
  const properties = Object.entries({ commit: report.commit, ...coverageProperties(p) }).map(([name, value]) => `      <property${attributes({ name, value })}/>\n`);
  return { tests: cases.length, xml: `  <testsuite${head}>\n    <properties>\n${properties.join('')}    </properties>\n${cases.join('')}  </testsuite>\n` };
}

/**
 * `compliance.junit.xml`: one test suite per pack, with its coverage as properties; one test case
 * per rule and resource with a finding (open ones fail, acknowledged ones pass with the reason and
 * where it was made in `system-out`) and one passing case per rule that applied, saying what it checked.
 */
export function renderJunit(report: ComplianceReport): string {
  const suites = report.packs.map((p) => suite(p, report.findings.filter((f) => f.pack === p.name), report));
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const head = attributes({ name: `compliance ${report.commit}`, tests, failures: report.totals.open, errors: 0, time: 0 });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${head}>\n${suites.map((s) => s.xml).join('')}</testsuites>\n`;
}
