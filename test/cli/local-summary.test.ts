import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemblyStackCount } from '../../cli/lib/local/assembly-stacks';
import { formatReportTable } from '../../cli/lib/local/report-table';
import { formatSummary } from '../../cli/lib/local/step-results';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-summary-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const stack = { type: 'aws:cloudformation:stack' };

describe('local mode summary', () => {
  test('counts the stacks of the cloud assembly from its manifests, nested stages included, not from leftover templates', async () => {
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ artifacts: { Pipeline: stack, Tree: { type: 'cdk:tree' }, Staging: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Staging' } } } }));
    mkdirSync(join(dir, 'assembly-Staging'));
    writeFileSync(join(dir, 'assembly-Staging', 'manifest.json'), JSON.stringify({ artifacts: { Network: stack, Endpoint: stack } }));
    // a template an older synth left behind, of a stack the app no longer has
    writeFileSync(join(dir, 'assembly-Staging', 'OldStack.template.json'), '{}');
    writeFileSync(join(dir, 'Removed.template.json'), '{}');
    await expect(assemblyStackCount(dir)).resolves.toBe(3);
  });

  test('shows the compliance totals with their header, a total row and the verdict', () => {
    const lines = formatReportTable({
      passed: true,
      totals: { open: 0, acknowledged: 7, unmatched: 0 },
      packs: [{ name: 'AwsSolutions', open: 0, acknowledged: 5, unmatched: 0 }, { name: 'NIST.800-53.R5', open: 0, acknowledged: 2, unmatched: 0 }],
      files: {},
    });
    expect(lines).toEqual([
      'pack            open  acknowledged  unmatched',
      '---------------------------------------------',
      'AwsSolutions       0             5          0',
      'NIST.800-53.R5     0             2          0',
      'total              0             7          0',
      'PASS: no open finding; 7 acknowledged',
    ]);
  });

  test('fails the verdict line when a finding is open', () => {
    const lines = formatReportTable({ passed: false, totals: { open: 2, acknowledged: 1, unmatched: 0 }, packs: [], files: {} });
    expect(lines[lines.length - 1]).toBe('FAIL: 2 open findings');
  });

  test('ends with where the results are', () => {
    const text = formatSummary([
      { name: 'package', status: 'passed', seconds: 1, detail: 'd', output: 'the model: /tmp/w/model.tar.gz' },
      { name: 'synth', status: 'passed', seconds: 2, detail: 'd', output: 'the cloud assembly: /repo/cdk.out' },
      { name: 'report', status: 'failed', seconds: 3, detail: 'open findings', output: 'the compliance report: /repo/reports/compliance/index.html' },
    ]);
    expect(text.endsWith('local mode FAILED: 1 step failed\n\nresults:\n  the model: /tmp/w/model.tar.gz\n  the cloud assembly: /repo/cdk.out\n')).toBe(true);
  });
});
