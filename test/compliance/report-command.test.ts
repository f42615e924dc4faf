import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIo } from '../../cli/command';
import { reportCommand } from '../../cli/commands/report';
import { ExitCode } from '../../cli/exit-codes';
import { resolveCommitId } from '../../cli/lib/report/commit-id';
import { COMPLIANCE_PACK_NAMES } from '../../compliance/pack-names';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

let cwd: string;

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let out = '';
  let err = '';
  const io: CommandIo = { out: (t) => (out += t), err: (t) => (err += t), env, cwd, isTty: false };
  const code = await reportCommand.run(args, io);
  return { code, out, err };
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(value));
}

const MANIFEST = {
  version: '55.0.0',
  artifacts: {
    Top: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Top.template.json', stackName: 'top' }, additionalMetadataFile: 'Top.metadata.json', displayName: 'Top' },
  },
};

const SUPPRESSED = {
  ruleName: 'AwsSolutions-S1',
  description: 'no access logs',
  severity: 'error',
  violatingConstructs: [{ constructPath: 'Top/Logs/Resource', stackTraces: [] }],
  acknowledgedId: 'AwsSolutions::AwsSolutions-S1',
  reason: 'the access log target itself; logging it would recurse forever',
  acknowledgedAt: 'Top/Logs',
  acknowledgedStackTrace: '',
};

interface Violation {
  readonly ruleName: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}

/** the coverage the recorder would write: each pack's rule passing on the bucket, AwsSolutions-S1 acknowledged, and the violations. */
function coverageOf(violations: readonly Violation[]): unknown {
  const resources = ['Top/Logs/Resource', 'Top/Bucket/Resource', ...violations.flatMap((v) => v.violatingConstructs.map((c) => c.constructPath))];
  const finding = (id: string, path: string) => ({ resource: resources.indexOf(path), findings: [{ id, acknowledgedInPack: false }] });
  return {
    version: 1,
    resources,
    packs: COMPLIANCE_PACK_NAMES.map((name) => ({
      name,
      resourcesVisited: resources.length,
      rules: [
        { id: `${name}-Passing`, level: 'Error', notApplicable: 0, compliant: [1], nonCompliant: [] },
        ...(name === 'AwsSolutions'
          ? [
              { id: 'AwsSolutions-S1', level: 'Error', notApplicable: 0, compliant: [], nonCompliant: [finding('AwsSolutions-S1', 'Top/Logs/Resource')] },
              ...violations.map((v) => ({ id: v.ruleName, level: 'Warning', notApplicable: 0, compliant: [], nonCompliant: v.violatingConstructs.map((c) => finding(v.ruleName, c.constructPath)) })),
            ]
          : []),
      ],
    })),
  };
}

/** a hand-written cloud assembly in `cwd/name`: one stack, its metadata, a validation report and (unless told otherwise) the coverage. */
function assembly(name: string, violations: Violation[], reportFile = 'validation-report.json', coverage = true): string {
  const dir = join(cwd, name);
  if (coverage) writeJson(join(dir, 'compliance-coverage.json'), coverageOf(violations));
  writeJson(join(dir, 'manifest.json'), MANIFEST);
  writeJson(join(dir, 'Top.metadata.json'), {
    '/Top/Logs': [{ type: 'aws:cdk:acknowledged-rules', data: { [SUPPRESSED.acknowledgedId]: SUPPRESSED.reason }, trace: [] }],
  });
  writeJson(join(dir, reportFile), { version: '55.0.0', title: 'Validation Report', pluginReports: [{ pluginName: 'AwsSolutions', conclusion: 'success', violations, suppressedViolations: [SUPPRESSED] }] });
  return name;
}

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'report-cmd-'));
});

afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('mlpipe report', () => {
  test('writes the five files, prints summary.md and exits 0 when nothing is open', async () => {
    const result = await run([assembly('cdk.out', []), '--commit', 'feedbeef']);
    expect(result.code).toBe(ExitCode.OK);
    for (const f of ['index.html', 'compliance.csv', 'coverage.csv', 'compliance.junit.xml', 'summary.md']) {
      expect(existsSync(join(cwd, 'reports/compliance', f))).toBe(true);
    }
    const summary = readFileSync(join(cwd, 'reports/compliance/summary.md'), 'utf8');
    expect(result.out.startsWith(summary)).toBe(true);
    expect(summary).toContain('**PASS**: no open findings, 6 rules checked 2 resources; 1 acknowledged');
    expect(summary).toContain('- baseline: not compared (no baseline given)');
    expect(summary).toContain('- commit: `feedbeef`');
  });

  test('fails when a finding is open, warnings included (exit 1)', async () => {
    const warning = { ruleName: 'AwsSolutions-VPC3', description: 'no NACLs', severity: 'warning', violatingConstructs: [{ constructPath: 'Top/Vpc/Resource' }] };
    const result = await run([assembly('cdk.out', [warning]), '--out', 'out']);
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.out).toContain('**FAIL**: 1 open finding');
    expect(existsSync(join(cwd, 'out/index.html'))).toBe(true);
  });

  test('prints one JSON document under --json: the verdict, totals and the files written', async () => {
    const warning = { ruleName: 'AwsSolutions-VPC3', description: 'no NACLs', severity: 'warning', violatingConstructs: [{ constructPath: 'Top/Vpc/Resource' }] };
    const result = await run([assembly('cdk.out', [warning]), '--json', '--commit', 'feedbeef']);
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.err).toBe('');
    const doc = JSON.parse(result.out);
    expect(doc).toMatchObject({ passed: false, commit: 'feedbeef', totals: { open: 1, acknowledged: 1 }, checks: { rulesApplied: 7, resourcesChecked: 3 } });
    expect(doc.packs[0]).toMatchObject({ name: 'AwsSolutions', coverage: { rulesRun: 3, resourcesChecked: 3, resourcesPassed: 1, resourcesAcknowledged: 1, resourcesOpen: 1 } });
    expect(doc.files).toEqual({
      html: 'reports/compliance/index.html',
      csv: 'reports/compliance/compliance.csv',
      coverageCsv: 'reports/compliance/coverage.csv',
      junit: 'reports/compliance/compliance.junit.xml',
      markdown: 'reports/compliance/summary.md',
      lineage: 'reports/compliance/lineage.md',
      lineageJson: 'reports/compliance/lineage.json',
    });
  });

  test('fails under --json with one JSON error object and nothing else (exit 4)', async () => {
    const result = await run(['nowhere.out', '--json']);
    expect(result.code).toBe(ExitCode.INPUT);
    expect(result.err).toBe('');
    expect(JSON.parse(result.out)).toEqual({
      error: {
        code: 'ReportInput',
        exitCode: ExitCode.INPUT,
        message: 'mlpipe report: cloud assembly directory nowhere.out does not exist; run `npx cdk synth` first, or pass the directory: mlpipe report <dir>',
        service: null,
      },
    });
  });

  test('reads the legacy policy-validation-report.json when it is the only report', async () => {
    const result = await run([assembly('legacy.out', [], 'policy-validation-report.json')]);
    expect(result.code).toBe(ExitCode.OK);
  });

  test('fails when the assembly has no coverage file, so that 0 open cannot mean nothing was checked (exit 4)', async () => {
    const result = await run([assembly('cdk.out', [], 'validation-report.json', false)]);
    expect(result.code).toBe(ExitCode.INPUT);
    expect(result.err).toMatch(/^mlpipe report: no cdk\.out\/compliance-coverage\.json: the report cannot show what was checked\. Register the packs with registerNagPacks/);
    expect(existsSync(join(cwd, 'reports/compliance/index.html'))).toBe(false);
  });

  test('compares with the baseline that --baseline names, and fails when that file does not exist (exit 4)', async () => {
    writeJson(join(cwd, 'base.json'), [{ path: 'Top/Old', id: 'AwsSolutions::AwsSolutions-S1', reason: 'a bucket that no longer exists in the app' }]);
    const compared = await run([assembly('cdk.out', []), '--baseline', 'base.json']);
    expect(compared.code).toBe(ExitCode.OK);
    expect(compared.out).toContain('- baseline `base.json`: 1 new, 1 removed, 0 reason changed (1 in the baseline, 1 now)');
    const missing = await run(['cdk.out', '--baseline', 'nowhere.json']);
    expect(missing.code).toBe(ExitCode.INPUT);
    expect(missing.err).toMatch(/^mlpipe report: cannot read the baseline nowhere\.json \(ENOENT\)/);
  });

  test('fails when --config names a config file that does not exist (exit 3)', async () => {
    const result = await run([assembly('cdk.out', []), '--config', 'nowhere.yaml']);
    expect(result.code).toBe(ExitCode.CONFIG);
    expect(result.err).toMatch(/^mlpipe report: .*nowhere\.yaml/);
  });

  test('names the commit from CODEBUILD_RESOLVED_SOURCE_VERSION when no --commit is given', async () => {
    await run([assembly('cdk.out', [])], { CODEBUILD_RESOLVED_SOURCE_VERSION: 'abc1234' });
    expect(readFileSync(join(cwd, 'reports/compliance/summary.md'), 'utf8')).toContain('- commit: `abc1234`');
  });

  test('fails when the cloud assembly directory does not exist (exit 4)', async () => {
    const result = await run(['nowhere.out']);
    expect(result).toEqual({
      code: ExitCode.INPUT,
      out: '',
      err: 'mlpipe report: cloud assembly directory nowhere.out does not exist; run `npx cdk synth` first, or pass the directory: mlpipe report <dir>\n',
    });
  });

  test('fails when the directory is not a cloud assembly (exit 4)', async () => {
    mkdirSync(join(cwd, 'empty'));
    const result = await run(['empty']);
    expect(result.code).toBe(ExitCode.INPUT);
    expect(result.err).toContain('empty is not a cloud assembly (no manifest.json)');
  });

  test('fails when there is no validation report, naming both file names and the fix (exit 4)', async () => {
    writeJson(join(cwd, 'cdk.out/manifest.json'), MANIFEST);
    const result = await run([]);
    expect(result.code).toBe(ExitCode.INPUT);
    expect(result.err).toContain('no validation report in cdk.out (looked for validation-report.json and policy-validation-report.json)');
    expect(result.err).toContain('call registerNagPacks(app) in bin/app.ts');
  });

  test('fails when the validation report is not JSON, naming the file (exit 4)', async () => {
    assembly('cdk.out', []);
    writeFileSync(join(cwd, 'cdk.out/validation-report.json'), '{"pluginReports": [');
    const result = await run([]);
    expect(result.code).toBe(ExitCode.INPUT);
    expect(result.err).toMatch(/^mlpipe report: cdk\.out\/validation-report\.json is not valid JSON \(.+\); re-run `npx cdk synth` to rewrite cdk\.out\n$/);
  });

  test('fails when a stack metadata file named by the manifest is missing (exit 4)', async () => {
    assembly('cdk.out', []);
    rmSync(join(cwd, 'cdk.out/Top.metadata.json'));
    const result = await run([]);
    expect(result.code).toBe(ExitCode.INPUT);
    expect(result.err).toContain('cannot read cdk.out/Top.metadata.json (ENOENT)');
  });

  test('fails when a flag is unknown (exit 2)', async () => {
    const result = await run(['--outdir', 'x']);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.err).toBe("mlpipe report: unknown flag '--outdir'\nsee: mlpipe report --help\n");
  });
});

describe('resolveCommitId', () => {
  const git = () => 'from-git\n';
  test('prefers the flag, then CodeBuild, then git', () => {
    expect(resolveCommitId('flag', { CODEBUILD_RESOLVED_SOURCE_VERSION: 'cb' }, git)).toBe('flag');
    expect(resolveCommitId(undefined, { CODEBUILD_RESOLVED_SOURCE_VERSION: 'cb' }, git)).toBe('cb');
    expect(resolveCommitId(undefined, {}, git)).toBe('from-git');
  });

  test('is unknown when nothing names the commit', () => {
    expect(resolveCommitId(undefined, { CODEBUILD_RESOLVED_SOURCE_VERSION: '' }, () => undefined)).toBe('unknown');
  });
});
