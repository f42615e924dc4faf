import { escapeXml } from './escape';
import type { ComplianceReport, Finding } from './model';
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

function suite(pack: string, findings: readonly Finding[], report: ComplianceReport): string {
  const failures = findings.filter((f) => f.status === 'open').length;
  const cases = findings.map(testCase);
  if (cases.length === 0) {
    cases.push(`    <testcase${attributes({ classname: pack, name: `${pack}: no findings in ${plural(report.stacks.length, 'stack')}`, time: 0 })}/>\n`);
  }
  const head = attributes({ name: pack, tests: cases.length, failures, errors: 0, skipped: 0, time: 0, timestamp: report.generatedAt.replace(/\.\d+Z$/, '') });
  return `  <testsuite${head}>\n    <properties>\n      <property${attributes({ name: 'commit', value: report.commit })}/>\n    </properties>\n${cases.join('')}  </testsuite>\n`;
}

/**
 * `compliance.junit.xml`: one test suite per pack, one test case per rule and resource. Open
 * findings fail; acknowledged ones pass with the reason and where it was made in `system-out`.
 */
export function renderJunit(report: ComplianceReport): string {
  const suites = report.packs.map((p) => suite(p.name, report.findings.filter((f) => f.pack === p.name), report));
  const tests = report.packs.reduce((n, p) => n + Math.max(1, p.open + p.acknowledged + p.unmatched), 0);
  const head = attributes({ name: `compliance ${report.commit}`, tests, failures: report.totals.open, errors: 0, time: 0 });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${head}>\n${suites.join('')}</testsuites>\n`;
}
