import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoverageDocument } from '../../compliance/coverage/coverage-format';
import { readBaselineFile, diffAgainstBaseline } from '../../cli/lib/report/baseline-diff';
import { buildCoverage } from '../../cli/lib/report/build-coverage';
import type { Finding } from '../../cli/lib/report/model';
import { parseCoverage } from '../../cli/lib/report/parse-coverage';
import type { RawStack } from '../../cli/lib/report/raw-inputs';
import { ReportInputError } from '../../cli/lib/report/report-input-error';
import { sourceUrl } from '../../cli/lib/report/source-link';

const FILES = { coverageFile: 'cdk.out/compliance-coverage.json', validationReportFile: 'cdk.out/validation-report.json' };
const ROLE = 'App/Role/Resource';
const BUCKET = 'App/Bucket/Resource';

function finding(rule: string, constructPath: string, status: Finding['status']): Finding {
  return { pack: 'AwsSolutions', rule, severity: 'error', description: '', stack: 'App', constructPath, status };
}

/** AwsSolutions: IAM5 with two findings on the role, S1 compliant on the bucket and n/a on the role. */
function doc(acknowledgedInPack = false): CoverageDocument {
  return {
    version: 1,
    resources: [ROLE, BUCKET],
    packs: [
      {
        name: 'AwsSolutions',
        resourcesVisited: 2,
        rules: [
          {
            id: 'AwsSolutions-IAM5',
            level: 'Error',
            notApplicable: 1,
            compliant: [],
            nonCompliant: [{ resource: 0, findings: [{ id: 'AwsSolutions-IAM5[Action::s3:*]', acknowledgedInPack: false }, { id: 'AwsSolutions-IAM5[Resource::*]', acknowledgedInPack }] }],
          },
          { id: 'AwsSolutions-S1', level: 'Error', notApplicable: 1, compliant: [1], nonCompliant: [] },
          { id: 'AwsSolutions-EC23', level: 'Error', notApplicable: 2, compliant: [], nonCompliant: [] },
        ],
      },
    ],
  };
}

describe('buildCoverage', () => {
  test('counts a resource as open when one granular finding is open and the other acknowledged', () => {
    const findings = [finding('AwsSolutions-IAM5[Action::s3:*]', ROLE, 'acknowledged'), finding('AwsSolutions-IAM5[Resource::*]', ROLE, 'open')];
    const pack = buildCoverage(doc(), findings, ['AwsSolutions'], FILES).get('AwsSolutions');
    expect(pack).toMatchObject({ rulesRun: 3, rulesApplied: 2, resourcesChecked: 2, resourcesPassed: 1, resourcesAcknowledged: 0, resourcesOpen: 1 });
    expect(pack?.rules.map((r) => [r.rule, r.checked, r.passed, r.acknowledged, r.open, r.notApplicable])).toEqual([
      ['AwsSolutions-IAM5', 1, 0, 0, 1, 1],
      ['AwsSolutions-S1', 1, 1, 0, 0, 1],
      ['AwsSolutions-EC23', 0, 0, 0, 0, 2],
    ]);
  });

  test('counts a finding cdk-nag dropped for an unqualified acknowledgement as acknowledged', () => {
    const findings = [finding('AwsSolutions-IAM5[Action::s3:*]', ROLE, 'acknowledged')];
    expect(buildCoverage(doc(true), findings, [], FILES).get('AwsSolutions')).toMatchObject({ resourcesAcknowledged: 1, resourcesOpen: 0 });
  });

  test('fails when there is no coverage file, naming the fix', () => {
    expect(() => buildCoverage(undefined, [], ['AwsSolutions'], FILES)).toThrow(
      new ReportInputError(
        'no cdk.out/compliance-coverage.json: the report cannot show what was checked. Register the packs with registerNagPacks (compliance/register-nag.ts), which records every rule evaluation, and run `npx cdk synth`',
      ),
    );
  });

  test('fails when an expected pack has no coverage', () => {
    const findings = [finding('AwsSolutions-IAM5[Action::s3:*]', ROLE, 'open'), finding('AwsSolutions-IAM5[Resource::*]', ROLE, 'open')];
    expect(() => buildCoverage(doc(), findings, ['AwsSolutions', 'SageMaker'], FILES)).toThrow(/compliance-coverage\.json has no coverage of SageMaker: the pack did not finish validating/);
  });

  test('fails when the coverage records a finding the validation report does not have (a stale file)', () => {
    expect(() => buildCoverage(doc(), [finding('AwsSolutions-IAM5[Action::s3:*]', ROLE, 'open')], [], FILES)).toThrow(
      'cdk.out/compliance-coverage.json does not match cdk.out/validation-report.json: pack AwsSolutions found AwsSolutions-IAM5[Resource::*] on App/Role/Resource, but the validation report has no such finding',
    );
  });

  test('fails when the validation report has a finding the coverage does not record', () => {
    const findings = [finding('AwsSolutions-IAM5[Action::s3:*]', ROLE, 'open'), finding('AwsSolutions-IAM5[Resource::*]', ROLE, 'open'), finding('AwsSolutions-S1', BUCKET, 'open')];
    expect(() => buildCoverage(doc(), findings, [], FILES)).toThrow(/the validation report has AwsSolutions-S1 on App\/Bucket\/Resource from pack AwsSolutions, which the coverage does not record/);
  });
});

describe('parseCoverage', () => {
  test('fails when the file is of another version', () => {
    expect(() => parseCoverage({ version: 2, resources: [], packs: [] }, 'c.json')).toThrow('c.json is not a version 1 coverage file (version 2); re-run `npx cdk synth` to rewrite it');
  });

  test('fails when a rule names a resource index that does not exist', () => {
    const bad = { ...doc(), packs: [{ name: 'AwsSolutions', resourcesVisited: 2, rules: [{ id: 'AwsSolutions-S1', level: 'Error', notApplicable: 0, compliant: [5], nonCompliant: [] }] }] };
    expect(() => parseCoverage(bad, 'c.json')).toThrow('c.json: packs[0].rules[0].compliant is not a list of resource indexes below 2; re-run `npx cdk synth` to rewrite it');
  });

  test('reads what the recorder writes', () => {
    expect(parseCoverage(JSON.parse(JSON.stringify(doc())), 'c.json')).toEqual(doc());
  });
});

describe('diffAgainstBaseline', () => {
  const ack = (constructPath: string, id: string, reason: string, trace: string[] = []) => ({ constructPath, id, reason, trace });
  const stacks = (acks: ReturnType<typeof ack>[]): RawStack[] => [{ path: 'App', stackName: 'app', acknowledgements: acks }];
  const reason = 'the bucket receives only its own access logs, so logging it would recurse';

  test('lists the new, the removed and the changed waivers, matching model folders by their written-out identity', () => {
    const current = stacks([
      ack('App/Logs', 'AwsSolutions::AwsSolutions-S1', reason, ['    at new AppStack (/repo/stages/app-stack.ts:12:5)']),
      ack('App/Role', 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::b/models/0123456789abcdef0123456789abcdef/*]', 'reads only the model of this commit'),
      ack('App/Key', 'AwsSolutions::AwsSolutions-KMS5', 'a new reason for the key'),
    ]);
    const baseline = {
      file: 'compliance/acknowledgements.baseline.json',
      entries: [
        { path: 'App/Role', id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::b/models/<identity>/*]', reason: 'reads only the model of this commit' },
        { path: 'App/Key', id: 'AwsSolutions::AwsSolutions-KMS5', reason: 'the old reason for the key' },
        { path: 'App/Gone', id: 'AwsSolutions::AwsSolutions-S1', reason: 'a bucket that was deleted' },
      ],
    };
    const diff = diffAgainstBaseline(current, baseline, '/repo');
    expect(diff.added).toEqual([{ path: 'App/Logs', id: 'AwsSolutions::AwsSolutions-S1', reason, location: { file: 'stages/app-stack.ts', line: 12, column: 5 } }]);
    expect(diff.removed).toEqual([{ path: 'App/Gone', id: 'AwsSolutions::AwsSolutions-S1', reason: 'a bucket that was deleted' }]);
    expect(diff.reasonChanged.map((c) => [c.path, c.reason, c.previousReason])).toEqual([['App/Key', 'a new reason for the key', 'the old reason for the key']]);
    expect([diff.baselineCount, diff.currentCount]).toEqual([3, 3]);
  });

  test('matches an id acknowledged twice on one construct reason by reason', () => {
    const twice = stacks([ack('App/Role', 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', 'first reason'), ack('App/Role', 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', 'second reason')]);
    const entry = (reason: string) => ({ path: 'App/Role', id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason });
    const same = diffAgainstBaseline(twice, { file: 'b.json', entries: [entry('second reason'), entry('first reason')] }, '/repo');
    expect([same.added, same.removed, same.reasonChanged, same.currentCount]).toEqual([[], [], [], 2]);
    const oneGone = diffAgainstBaseline(stacks([ack('App/Role', 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', 'first reason')]), { file: 'b.json', entries: [entry('first reason'), entry('second reason')] }, '/repo');
    expect(oneGone.removed.map((c) => c.reason)).toEqual(['second reason']);
    expect([oneGone.added, oneGone.reasonChanged]).toEqual([[], []]);
  });

  test('fails when the baseline file is not a list of acknowledgements', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
    try {
      writeFileSync(join(dir, 'b.json'), JSON.stringify([{ path: 'App/Logs', id: 'AwsSolutions::AwsSolutions-S1' }]));
      expect(() => readBaselineFile(join(dir, 'b.json'), 'b.json')).toThrow('the baseline b.json: entry 0 has no path, id and reason strings; run `npm run compliance:baseline` to rewrite it');
      expect(() => readBaselineFile(join(dir, 'missing.json'), 'missing.json')).toThrow(/cannot read the baseline missing\.json \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sourceUrl', () => {
  const at = { file: 'stages/network-stack.ts', line: 64, column: 5 };
  const commit = 'abcdef0123456789abcdef0123456789abcdef01';

  test('links a GitHub file at the commit and line', () => {
    expect(sourceUrl({ kind: 'github', repository: 'my-org/churn-model' }, commit, at)).toBe(`https://github.com/my-org/churn-model/blob/${commit}/stages/network-stack.ts#L64`);
  });

  test('links a CodeCommit file in the console of the repository region', () => {
    expect(sourceUrl({ kind: 'codecommit', repository: 'mlops', region: 'eu-west-1' }, commit, at)).toBe(
      `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/mlops/browse/${commit}/--/stages/network-stack.ts?region=eu-west-1&lines=64-64`,
    );
  });

  test('is undefined without a commit id, or for a file outside the repository', () => {
    expect(sourceUrl({ kind: 'github', repository: 'o/r' }, 'unknown', at)).toBeUndefined();
    expect(sourceUrl({ kind: 'github', repository: 'o/r' }, commit, { ...at, file: '/elsewhere/app.ts' })).toBeUndefined();
    expect(sourceUrl(undefined, commit, at)).toBeUndefined();
  });
});
