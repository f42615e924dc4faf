import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import type { HTMLElement } from 'node-html-parser';
import { CSV_COLUMNS } from '../../cli/lib/report/render-csv';
import { writeReports } from '../../cli/lib/report/write-reports';
import type { WrittenReports } from '../../cli/lib/report/write-reports';
import { ACK_REASON, ACKED_BUCKET_ID, synthReportFixture } from './fixtures/report-fixture-app';
import { csvObjects, parseCsv } from './helpers/parse-csv';
import { lineOf, ROOT } from './helpers/source-line';
import { xmlErrors } from './helpers/xml-well-formed';

const FIXTURE = 'test/compliance/fixtures/report-fixture-app.ts';
const OPEN_PATH = 'Prod/Store/Reports/Resource';
const ACKED_AT = `Prod/Store/${ACKED_BUCKET_ID}`;
const ACKED_PATH = `${ACKED_AT}/Resource`;
const DESCRIPTION = 'The S3 Bucket has server access logs disabled.';

let dir: string;
let written: WrittenReports;
const read = (name: string) => readFileSync(join(dir, 'out', name), 'utf8');
const cellTexts = (row: HTMLElement) => row.querySelectorAll('td').map((td) => td.text.trim());

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-'));
  synthReportFixture(join(dir, 'cdk.out'));
  written = writeReports({
    assemblyDir: join(dir, 'cdk.out'),
    assemblyLabel: 'cdk.out',
    outDir: join(dir, 'out'),
    commit: '0123456789abcdef0123456789abcdef01234567',
    generatedAt: new Date('2026-03-04T05:06:07.000Z'),
    toolVersions: { 'aws-cdk-lib': '2.276.0', 'cdk-nag': '3.0.2', 'aws-cdk': '2.1148.1' },
    sourceRoot: ROOT,
    expectedPacks: ['AwsSolutions', 'SageMaker'],
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
      acknowledgement_id: '',
      acknowledged_at: '',
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
      acknowledgement_id: 'AwsSolutions::AwsSolutions-S1',
      acknowledged_at: ACKED_AT,
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
    expect([root?.getAttribute('tests'), root?.getAttribute('failures')]).toEqual(['3', '1']);
  });

  test('has one case per rule and resource, the open one failing', () => {
    const suite = xml().querySelector('testsuite[name="AwsSolutions"]');
    const cases = suite?.querySelectorAll('testcase') ?? [];
    expect(cases.map((c) => c.getAttribute('name'))).toEqual([`AwsSolutions-S1 ${OPEN_PATH}`, `AwsSolutions-S1 ${ACKED_PATH}`]);
    expect(cases.map((c) => c.getAttribute('classname'))).toEqual(['AwsSolutions.Prod/Store', 'AwsSolutions.Prod/Store']);
    const failure = cases[0].querySelector('failure');
    expect(failure?.getAttribute('message')).toBe(`AwsSolutions-S1 (error) on ${OPEN_PATH}`);
    expect(failure?.getAttribute('type')).toBe('error');
    expect(failure?.text).toContain(DESCRIPTION);
    expect([suite?.getAttribute('tests'), suite?.getAttribute('failures')]).toEqual(['2', '1']);
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
    expect(cases.map((c) => [c.getAttribute('name'), c.querySelector('failure')])).toEqual([['SageMaker: no findings in 1 stack', null]]);
  });
});

describe('index.html', () => {
  const html = () => parse(read('index.html'));
  const table = (heading: string) => html().querySelectorAll('h2').find((h) => h.text.startsWith(heading))?.nextElementSibling;

  test('is self-contained: no script, stylesheet link, image or URL', () => {
    const text = read('index.html');
    expect(html().querySelectorAll('script, link, img, iframe')).toEqual([]);
    expect(text).not.toMatch(/https?:\/\//);
  });

  test('shows the verdict, the commit, the date and the tool versions', () => {
    const page = html();
    expect(page.querySelector('.verdict')?.classList.contains('fail')).toBe(true);
    expect(page.querySelector('.verdict')?.text).toBe('FAIL1 open finding over 2 packs and 1 stack.');
    const meta = page.querySelectorAll('.meta').map((m) => m.text);
    expect(meta[0]).toBe('commit 0123456789abcdef0123456789abcdef01234567 · generated 2026-03-04 05:06:07 UTC');
    expect(meta[1]).toBe('aws-cdk-lib 2.276.0 · cdk-nag 3.0.2 · aws-cdk 2.1148.1');
  });

  test('has totals per pack and per stack', () => {
    expect(table('Totals per pack')?.querySelectorAll('tbody tr').map(cellTexts)).toEqual([
      ['AwsSolutions', '1', '1', '0', 'failing'],
      ['SageMaker', '0', '0', '0', 'passing'],
    ]);
    expect(table('Totals per stack')?.querySelectorAll('tbody tr').map(cellTexts)).toEqual([
      ['Prod/StoreCloudFormation stack prod-store', '1', '1', '0', 'failing'],
    ]);
  });

  test('lists the open finding with its rule, resource, description and definition line', () => {
    expect(table('Open findings')?.querySelectorAll('tbody tr').map(cellTexts)).toEqual([
      ['error', 'AwsSolutions-S1AwsSolutions', `${OPEN_PATH}stack Prod/Store`, DESCRIPTION, lineOf(FIXTURE, 'marker: open finding')],
    ]);
  });

  test('lists the acknowledged finding with its escaped reason and the line that acknowledged it', () => {
    const rows = table('Acknowledged findings')?.querySelectorAll('tbody tr') ?? [];
    expect(rows).toHaveLength(1);
    const [rule, resource, reason, at] = rows[0].querySelectorAll('td');
    expect(rule.text).toBe('AwsSolutions-S1AwsSolutions');
    expect(resource.querySelector('code')?.text).toBe(ACKED_PATH);
    expect(reason.text).toBe(ACK_REASON);
    expect(reason.querySelector('b')).toBeNull();
    expect(read('index.html')).toContain('only &lt;b&gt;public&lt;/b&gt; &quot;release notes&quot;');
    expect(at.querySelectorAll('code').map((c) => c.text)).toEqual([lineOf(FIXTURE, 'marker: acknowledgement'), ACKED_AT]);
  });
});

describe('summary.md', () => {
  test('states the verdict and the open finding, and is what writeReports returns', () => {
    const md = read('summary.md');
    expect(md).toBe(written.summary);
    expect(md).toContain('**FAIL**: 1 open finding; 1 acknowledged');
    expect(md).toContain(`| error | AwsSolutions-S1 | ${OPEN_PATH} | ${lineOf(FIXTURE, 'marker: open finding')} |`);
    expect(md).toContain('| Prod/Store | 1 | 1 | 0 |');
  });
});
