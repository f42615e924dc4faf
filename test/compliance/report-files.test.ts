import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { parse } from 'node-html-parser';
import type { HTMLElement } from 'node-html-parser';
import { readBaselineFile } from '../../cli/lib/report/baseline-diff';
import { contentSecurityPolicy, FILTER_SCRIPT } from '../../cli/lib/report/html-filter';
import { HTML_STYLE } from '../../cli/lib/report/html-style';
import { COVERAGE_CSV_COLUMNS, CSV_COLUMNS } from '../../cli/lib/report/render-csv';
import { renderHtml } from '../../cli/lib/report/render-html';
import { writeReports } from '../../cli/lib/report/write-reports';
import type { WrittenReports } from '../../cli/lib/report/write-reports';
import { SAGEMAKER_RULES } from '../../compliance/sagemaker-checks';
import { ACK_REASON, ACKED_BUCKET_ID, synthReportFixture } from './fixtures/report-fixture-app';
import { csvObjects, parseCsv } from './helpers/parse-csv';
import { lineOf, ROOT } from './helpers/source-line';
import { xmlErrors } from './helpers/xml-well-formed';

const FIXTURE = 'test/compliance/fixtures/report-fixture-app.ts';
const BASELINE = 'test/compliance/fixtures/baseline-one-new-one-removed.json';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const OPEN_PATH = 'Prod/Store/Reports/Resource';
const ACKED_AT = `Prod/Store/${ACKED_BUCKET_ID}`;
const ACKED_PATH = `${ACKED_AT}/Resource`;
const DESCRIPTION = 'The S3 Bucket has server access logs disabled.';

let dir: string;
let written: WrittenReports;
let cfnResources: number;
const read = (name: string) => readFileSync(join(dir, 'out', name), 'utf8');
const cellTexts = (row: HTMLElement) => row.querySelectorAll('td').map((td) => td.text.trim());

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-'));
  cfnResources = synthReportFixture(join(dir, 'cdk.out')).node.findAll().filter(CfnResource.isCfnResource).length;
  written = writeReports({
    assemblyDir: join(dir, 'cdk.out'),
    assemblyLabel: 'cdk.out',
    outDir: join(dir, 'out'),
    commit: COMMIT,
    generatedAt: new Date('2026-03-04T05:06:07.000Z'),
    toolVersions: { 'aws-cdk-lib': '2.276.0', 'cdk-nag': '3.0.2', 'aws-cdk': '2.1148.1' },
    sourceRoot: ROOT,
    expectedPacks: ['AwsSolutions', 'SageMaker'],
    baseline: readBaselineFile(join(ROOT, BASELINE), BASELINE),
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the report model of the fixture app', () => {
  test('has one open and one acknowledged finding, and fails', () => {
    expect(written.report.totals).toEqual({ open: 1, acknowledged: 1, unmatched: 0 });
    expect(written.report.passed).toBe(false);
  });

  test('lists the stack of the nested stage with its CloudFormation name', () => {
    expect(written.report.stacks).toEqual([{ path: 'Prod/Store', stackName: 'prod-store', open: 1, acknowledged: 1, unmatched: 0 }]);
  });

  test('records what each pack checked: every rule the pack runs, the resources they applied to and how those fared', () => {
    const packSource = readFileSync(join(ROOT, 'node_modules/cdk-nag/lib/packs/aws-solutions.js'), 'utf8');
    const [aws, sageMaker] = written.report.packs;
    // the two buckets (S1, S2, S5, S10) and their policies (S10) are checked; the policies pass
    expect(aws.coverage).toMatchObject({ rulesRun: packSource.split('this.applyRule(').length - 1, rulesApplied: 4, resourcesVisited: cfnResources, resourcesChecked: 4, resourcesPassed: 2, resourcesAcknowledged: 1, resourcesOpen: 1 });
    expect(sageMaker.coverage).toMatchObject({ rulesRun: SAGEMAKER_RULES.length, rulesApplied: 0, resourcesVisited: cfnResources, resourcesChecked: 0 });
    expect(written.report.checks).toEqual({ rulesRun: (aws.coverage?.rulesRun ?? 0) + SAGEMAKER_RULES.length, rulesApplied: 4, resourcesChecked: 4, checks: 10, checksPassed: 8 });
  });

  test('lists the expected packs even when they report nothing', () => {
    expect(written.report.packs.map((p) => [p.name, p.open, p.acknowledged])).toEqual([
      ['AwsSolutions', 1, 1],
      ['SageMaker', 0, 0],
    ]);
  });
});

describe('compliance.csv', () => {
  test('is RFC 4180 with the documented header', () => {
    const rows = parseCsv(read('compliance.csv'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
  });

  test('has the open finding field by field, its source being where the resource is defined', () => {
    const [open] = csvObjects(read('compliance.csv'));
    expect(open).toEqual({
      pack: 'AwsSolutions',
      rule: 'AwsSolutions-S1',
      severity: 'error',
      stack: 'Prod/Store',
      construct_path: OPEN_PATH,
      status: 'open',
      reason: '',
      source_location: lineOf(FIXTURE, 'marker: open finding'),
      source_url: '',
      acknowledgement_id: '',
      acknowledged_on: '',
      defined_at: lineOf(FIXTURE, 'marker: open finding'),
      description: DESCRIPTION,
    });
  });

  test('has the acknowledged finding field by field, its source being the acknowledge call', () => {
    const [, acked] = csvObjects(read('compliance.csv'));
    expect(acked).toEqual({
      pack: 'AwsSolutions',
      rule: 'AwsSolutions-S1',
      severity: 'error',
      stack: 'Prod/Store',
      construct_path: ACKED_PATH,
      status: 'acknowledged',
      reason: ACK_REASON,
      source_location: lineOf(FIXTURE, 'marker: acknowledgement'),
      source_url: '',
      acknowledgement_id: 'AwsSolutions::AwsSolutions-S1',
      acknowledged_on: ACKED_AT,
      defined_at: lineOf(FIXTURE, 'const archive = new s3.Bucket'),
      description: DESCRIPTION,
    });
  });
});

describe('compliance.junit.xml', () => {
  const xml = () => parse(read('compliance.junit.xml'));

  test('is well formed, with totals on the root', () => {
    const text = read('compliance.junit.xml');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xmlErrors(text)).toEqual([]);
    const root = xml().querySelector('testsuites');
    // AwsSolutions: 2 finding cases and 4 coverage cases; SageMaker: 1 case saying it checked nothing
    expect([root?.getAttribute('tests'), root?.getAttribute('failures')]).toEqual(['7', '1']);
  });

  test('has one case per rule and resource with a finding, the open one failing', () => {
    const suite = xml().querySelector('testsuite[name="AwsSolutions"]');
    const cases = suite?.querySelectorAll('testcase').filter((c) => !c.getAttribute('classname')?.endsWith('.coverage')) ?? [];
    expect(cases.map((c) => c.getAttribute('name'))).toEqual([`AwsSolutions-S1 ${OPEN_PATH}`, `AwsSolutions-S1 ${ACKED_PATH}`]);
    expect(cases.map((c) => c.getAttribute('classname'))).toEqual(['AwsSolutions.Prod/Store', 'AwsSolutions.Prod/Store']);
    const failure = cases[0].querySelector('failure');
    expect(failure?.getAttribute('message')).toBe(`AwsSolutions-S1 (error) on ${OPEN_PATH}`);
    expect(failure?.getAttribute('type')).toBe('error');
    expect(failure?.text).toContain(DESCRIPTION);
    expect([suite?.getAttribute('tests'), suite?.getAttribute('failures')]).toEqual(['6', '1']);
  });

  test('carries the coverage: the pack figures as properties and one passing case per rule that applied', () => {
    const suite = xml().querySelector('testsuite[name="AwsSolutions"]');
    const properties = Object.fromEntries(suite?.querySelectorAll('property').map((p) => [p.getAttribute('name'), p.getAttribute('value')]) ?? []);
    expect(properties).toEqual({ commit: COMMIT, rules_run: '131', rules_applied: '4', resources_visited: '4', resources_checked: '4', resources_passed: '2', resources_acknowledged: '1', resources_open: '1' });
    const coverage = suite?.querySelectorAll('testcase').filter((c) => c.getAttribute('classname') === 'AwsSolutions.coverage') ?? [];
    expect(coverage.map((c) => [c.getAttribute('name'), c.querySelector('failure'), c.querySelector('system-out')?.text])).toEqual([
      ['AwsSolutions-S1 checked 2', null, 'checked 2 resources: 0 passed, 1 acknowledged, 1 open; not applicable to 2'],
      ['AwsSolutions-S10 checked 4', null, 'checked 4 resources: 4 passed, 0 acknowledged, 0 open; not applicable to 0'],
      ['AwsSolutions-S2 checked 2', null, 'checked 2 resources: 2 passed, 0 acknowledged, 0 open; not applicable to 2'],
      ['AwsSolutions-S5 checked 2', null, 'checked 2 resources: 2 passed, 0 acknowledged, 0 open; not applicable to 2'],
    ]);
  });

  test('passes the acknowledged case with its reason and source line in system-out', () => {
    const acked = xml().querySelectorAll('testsuite[name="AwsSolutions"] testcase')[1];
    expect(acked.querySelector('failure')).toBeNull();
    expect(acked.querySelector('system-out')?.text).toBe(
      `acknowledged: ${ACK_REASON}\nid: AwsSolutions::AwsSolutions-S1\nmade on: ${ACKED_AT} at ${lineOf(FIXTURE, 'marker: acknowledgement')}`,
    );
  });

  test('gives a pack without findings one passing case', () => {
    const cases = xml().querySelectorAll('testsuite[name="SageMaker"] testcase');
    expect(cases.map((c) => [c.getAttribute('name'), c.querySelector('failure')])).toEqual([['SageMaker: no rule of 8 applied to a resource in 1 stack', null]]);
  });
});

describe('index.html', () => {
  const html = () => parse(read('index.html'));
  const section = (heading: string) => html().querySelectorAll('h2').find((h) => h.text.startsWith(heading))?.nextElementSibling;

  test('is self-contained: one inline script and the stylesheet, both allowed by their hash in the CSP, no link, image or URL', () => {
    const text = read('index.html');
    const page = html();
    expect(page.querySelectorAll('link, img, iframe, script[src]')).toEqual([]);
    expect(page.querySelectorAll('script').map((s) => s.rawText)).toEqual([FILTER_SCRIPT]);
    expect(page.querySelector('style')?.rawText).toBe(HTML_STYLE);
    const csp = page.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
    expect(csp).toBe(contentSecurityPolicy(HTML_STYLE));
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(text).not.toMatch(/https?:\/\//);
  });

  test('shows the verdict with what was checked, the commit, the date and the tool versions', () => {
    const page = html();
    expect(page.querySelector('.verdict')?.classList.contains('fail')).toBe(true);
    expect(page.querySelector('.verdict')?.text).toBe('FAIL1 open finding over 2 packs and 1 stack; 4 rules checked 4 resources.');
    const meta = page.querySelectorAll('.meta').map((m) => m.text);
    expect(meta[0]).toBe(`commit ${COMMIT} · generated 2026-03-04 05:06:07 UTC`);
    expect(meta[1]).toBe('aws-cdk-lib 2.276.0 · cdk-nag 3.0.2 · aws-cdk 2.1148.1');
  });

  test('starts with what changed against the baseline: the new waiver with its source line, and the removed one', () => {
    expect(html().querySelectorAll('h2')[0].text).toBe('Changes against the committed baseline');
    expect(section('Changes against the committed baseline')?.text).toBe(`${BASELINE} holds 1 acknowledgement; this commit has 1: 1 new, 1 removed, 0 reasons changed.`);
    const rows = html().querySelectorAll('table.baseline tbody tr').map(cellTexts);
    expect(rows).toEqual([
      ['new', 'AwsSolutions::AwsSolutions-S1', ACKED_AT, ACK_REASON, lineOf(FIXTURE, 'marker: acknowledgement')],
      ['removed', 'AwsSolutions::AwsSolutions-S1', 'Prod/Store/Retired', 'the retired bucket held only build logs that CloudTrail data events already record', 'gone from the code'],
    ]);
  });

  test('has the coverage per pack: rules run and applied, resources checked, passed, acknowledged only and open', () => {
    expect(html().querySelectorAll('table.coverage tbody tr').map(cellTexts)).toEqual([
      ['AwsSolutions', '131', '4', '4', '4', '2', '1', '1', '1', 'failing'],
      ['SageMaker', '8', '0', '4', '0', '0', '0', '0', '0', 'checked nothing'],
    ]);
  });

  test('lists, expandable per pack, every rule with the resources it checked and passed', () => {
    const [aws, sageMaker] = html().querySelectorAll('details.rules');
    expect(aws.querySelector('summary')?.text).toBe('AwsSolutions: 4 rules applied to at least one resource, 127 to none');
    const rows = aws.querySelectorAll('tbody tr').map(cellTexts);
    expect(rows).toHaveLength(131);
    expect(rows.slice(0, 4)).toEqual([
      ['AwsSolutions-S1', 'Error', '2', '0', '1', '1', '2'],
      ['AwsSolutions-S10', 'Error', '4', '4', '0', '0', '0'],
      ['AwsSolutions-S2', 'Error', '2', '2', '0', '0', '2'],
      ['AwsSolutions-S5', 'Error', '2', '2', '0', '0', '2'],
    ]);
    expect(rows.slice(4).every((r) => r[2] === '0' && r[6] === '4')).toBe(true);
    expect(sageMaker.querySelector('summary')?.text).toBe('SageMaker: 0 rules applied to at least one resource, 8 to none');
  });

  test('has totals per stack', () => {
    expect(section('Totals per stack')?.querySelectorAll('tbody tr').map(cellTexts)).toEqual([
      ['Prod/StoreCloudFormation stack prod-store', '1', '1', '0', 'failing'],
    ]);
  });

  test('lists the open finding with its rule, resource, description and definition line', () => {
    expect(section('Open findings')?.querySelectorAll('tbody tr').map(cellTexts)).toEqual([
      ['error', 'AwsSolutions-S1AwsSolutions', `${OPEN_PATH}stack Prod/Store`, DESCRIPTION, lineOf(FIXTURE, 'marker: open finding')],
    ]);
  });

  test('groups the acknowledged findings by rule and reason with a count, each resource with the line that acknowledged it', () => {
    expect(html().querySelector('#acknowledged')?.text).toBe('Acknowledged findings (1 in 1 group by rule and reason)');
    const groups = html().querySelectorAll('details.group');
    expect(groups).toHaveLength(1);
    const summary = groups[0].querySelector('summary');
    expect(summary?.querySelector('.rule')?.text).toBe('AwsSolutions-S1');
    expect(summary?.querySelector('.n')?.text).toBe('1 resource');
    expect(summary?.querySelector('.reason')?.text).toBe(ACK_REASON);
    expect(summary?.querySelector('b')).toBeNull();
    expect(read('index.html')).toContain('only &lt;b&gt;public&lt;/b&gt; &quot;release notes&quot;');
    expect(groups[0].querySelectorAll('th').map((th) => th.text)).toEqual(['resource', 'source location']);
    const [resource, at] = groups[0].querySelectorAll('tbody td');
    expect(resource.querySelector('code')?.text).toBe(ACKED_PATH);
    expect(at.querySelectorAll('code').map((c) => c.text)).toEqual([lineOf(FIXTURE, 'marker: acknowledgement'), ACKED_AT]);
  });

  test('marks every finding row and group for the filter box', () => {
    const page = html();
    expect(page.querySelector('input#filter')?.getAttribute('type')).toBe('search');
    expect(page.querySelectorAll('table.open [data-filter-row], details.group [data-filter-row]')).toHaveLength(2);
    expect(page.querySelectorAll('details.group[data-filter-group], details.rules[data-filter-group]')).toHaveLength(3);
  });

  test('links each source location to the file at the commit when the repository is known', () => {
    const page = parse(renderHtml({ ...written.report, repository: { kind: 'github', repository: 'my-org/churn-model' } }));
    const [line] = lineOf(FIXTURE, 'marker: acknowledgement').split(':').slice(-1);
    const link = page.querySelector('details.group tbody a');
    expect(link?.getAttribute('href')).toBe(`https://github.com/my-org/churn-model/blob/${COMMIT}/${FIXTURE}#L${line}`);
    expect(link?.text).toBe(lineOf(FIXTURE, 'marker: acknowledgement'));
  });
});

describe('coverage.csv', () => {
  test('has one row per pack and rule with the resources it checked, passed, acknowledged and left open', () => {
    const rows = parseCsv(read('coverage.csv'));
    expect(rows[0]).toEqual([...COVERAGE_CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 131 + 8);
    expect(csvObjects(read('coverage.csv'))[0]).toEqual({
      pack: 'AwsSolutions',
      rule: 'AwsSolutions-S1',
      level: 'Error',
      resources_checked: '2',
      passed: '0',
      acknowledged: '1',
      open: '1',
      not_applicable: '2',
      errors: '0',
    });
  });
});

describe('summary.md', () => {
  test('states the verdict and the open finding, and is what writeReports returns', () => {
    const md = read('summary.md');
    expect(md).toBe(written.summary);
    expect(md).toContain('**FAIL**: 1 open finding, 4 rules checked 4 resources; 1 acknowledged');
    expect(md).toContain('| AwsSolutions | 131 | 4 | 4 | 4 | 2 | 1 | 1 | 1 | 1 | 0 |');
    expect(md).toContain(`- baseline \`${BASELINE}\`: 1 new, 1 removed, 0 reason changed (1 in the baseline, 1 now)`);
    expect(md).toContain(`| error | AwsSolutions-S1 | ${OPEN_PATH} | ${lineOf(FIXTURE, 'marker: open finding')} |`);
    expect(md).toContain('| Prod/Store | 1 | 1 | 0 |');
  });
});
