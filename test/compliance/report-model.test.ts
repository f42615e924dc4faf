import type { CoverageDocument } from '../../compliance/coverage/coverage-format';
import { buildReport } from '../../cli/lib/report/build-report';
import type { BuildReportOptions } from '../../cli/lib/report/build-report';
import { parseValidationReport } from '../../cli/lib/report/parse-validation-report';
import type { RawStack, ReportInputs } from '../../cli/lib/report/raw-inputs';
import { ReportInputError } from '../../cli/lib/report/report-input-error';
import { firstUserFrame, madeByLibrary } from '../../cli/lib/report/source-location';

const OPTIONS: BuildReportOptions = {
  commit: 'c0ffee',
  generatedAt: new Date('2026-01-02T03:04:05Z'),
  toolVersions: {},
  assemblyDir: 'cdk.out',
  sourceRoot: '/repo',
  expectedPacks: ['AwsSolutions', 'NIST.800.53.R5'],
  acknowledgeHelpers: ['compliance/acknowledge.ts'],
};

const STACKS: RawStack[] = [
  { path: 'Pipeline', stackName: 'pipeline', acknowledgements: [] },
  { path: 'Pipeline/Prod/Network', stackName: 'prod-network', acknowledgements: [] },
];

/** coverage in which each expected pack ran one rule, compliant on the VPC, plus the given non-compliant records. */
function coverage(nonCompliant: Record<string, { rule: string; path: string; acknowledgedInPack?: boolean }[]> = {}): CoverageDocument {
  const resources = ['Pipeline/Prod/Network/Vpc/Resource', 'Pipeline/Role/Resource'];
  return {
    version: 1,
    resources,
    packs: ['AwsSolutions', 'NIST.800.53.R5'].map((name) => ({
      name,
      resourcesVisited: resources.length,
      rules: [
        { id: `${name}-Compliant`, level: 'Error', notApplicable: 1, compliant: [0], nonCompliant: [] },
        ...(nonCompliant[name] ?? []).map((v) => ({
          id: v.rule.replace(/\[.*$/, ''),
          level: 'Error',
          notApplicable: 0,
          compliant: [],
          nonCompliant: [{ resource: resources.indexOf(v.path), findings: [{ id: v.rule, acknowledgedInPack: v.acknowledgedInPack ?? false }] }],
        })),
      ],
    })),
  };
}

function inputs(stacks: RawStack[], report: unknown = { pluginReports: [] }, cov: CoverageDocument | undefined = coverage()): ReportInputs {
  return { validationReportFile: 'validation-report.json', plugins: parseValidationReport(report, 'validation-report.json'), stacks, coverageFile: 'compliance-coverage.json', coverage: cov };
}

describe('firstUserFrame', () => {
  test('finds the first frame of the app, relative to the source root, past node_modules and helper files', () => {
    const trace = [
      '    ...Validations.acknowledge in aws-cdk-lib...',
      '    at acknowledge (/repo/compliance/acknowledge.ts:44:29)',
      '    at new NetworkStack (/repo/stages/network-stack.ts:64:5)',
    ];
    expect(firstUserFrame(trace, '/repo', ['compliance/acknowledge.ts'])).toEqual({ file: 'stages/network-stack.ts', line: 64, column: 5 });
    expect(firstUserFrame('x (/repo/node_modules/a/b.js:1:2)\nbuild (/elsewhere/app.ts:9:3)', '/repo')).toEqual({ file: '/elsewhere/app.ts', line: 9, column: 3 });
  });

  test('is undefined when no frame has a location', () => {
    expect(firstUserFrame(['...aws-cdk-lib...', '(no user code in 10 frames)'], '/repo')).toBeUndefined();
  });
});

describe('madeByLibrary', () => {
  test('names the library whose frames start the trace', () => {
    expect(madeByLibrary(['    ...PropertyInjectable.addFlowLog in aws-cdk-lib...', '    at new NetworkStack (/repo/a.ts:1:1)'])).toBe('aws-cdk-lib');
  });

  test('is undefined for an acknowledge call the app made', () => {
    expect(madeByLibrary('    ...Validations.acknowledge in aws-cdk-lib...\n    at build (/repo/a.ts:1:1)')).toBeUndefined();
  });
});

describe('buildReport', () => {
  test('lists an unqualified acknowledgement no finding used, under the pack its rule id names', () => {
    const stacks: RawStack[] = [
      ...STACKS.slice(0, 1),
      {
        ...STACKS[1],
        acknowledgements: [
          { constructPath: 'Pipeline/Prod/Network/Vpc', id: 'Annotation::NIST.800.53.R5-VPCDefaultSecurityGroupClosed', reason: 'r'.repeat(40), trace: ['    at new NetworkStack (/repo/stages/network-stack.ts:64:5)'] },
        ],
      },
    ];
    const report = buildReport(inputs(stacks), OPTIONS);
    expect(report.findings).toEqual([
      {
        pack: 'NIST.800.53.R5',
        rule: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
        severity: '',
        description: '',
        stack: 'Pipeline/Prod/Network',
        constructPath: 'Pipeline/Prod/Network/Vpc',
        status: 'unmatched-acknowledgement',
        acknowledgement: {
          id: 'Annotation::NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
          reason: 'r'.repeat(40),
          constructPath: 'Pipeline/Prod/Network/Vpc',
          location: { file: 'stages/network-stack.ts', line: 64, column: 5 },
          madeByLibrary: undefined,
        },
      },
    ]);
    expect(report.passed).toBe(true);
  });

  test('leaves out a library acknowledgement that waived nothing', () => {
    const stacks: RawStack[] = [
      { ...STACKS[1], acknowledgements: [{ constructPath: 'Pipeline/Prod/Network/Vpc/FlowLog', id: 'CloudFormation-Validate::F3002', reason: 'library', trace: ['    ...PropertyInjectable.addFlowLog in aws-cdk-lib...'] }] },
    ];
    expect(buildReport(inputs(stacks), OPTIONS).findings).toEqual([]);
  });

  test('puts a finding in the stack with the longest matching path, and an acknowledgement the report used only once', () => {
    const ack = { constructPath: 'Pipeline/Prod/Network/Vpc', id: 'AwsSolutions::AwsSolutions-VPC7', reason: 'evidence', trace: [] };
    const report = buildReport(
      inputs([STACKS[0], { ...STACKS[1], acknowledgements: [ack] }], {
        pluginReports: [
          {
            pluginName: 'AwsSolutions',
            violations: [{ ruleName: 'AwsSolutions-IAM5[Resource::*]', description: 'wildcard', severity: 'error', violatingConstructs: [{ constructPath: 'Pipeline/Role/Resource', stackTraces: [] }] }],
            suppressedViolations: [
              {
                ruleName: 'AwsSolutions-VPC7',
                description: 'no flow log',
                severity: 'error',
                violatingConstructs: [{ constructPath: 'Pipeline/Prod/Network/Vpc/Resource', stackTraces: [] }],
                acknowledgedId: ack.id,
                reason: ack.reason,
                acknowledgedAt: ack.constructPath,
                acknowledgedStackTrace: '',
              },
            ],
          },
        ],
      }, coverage({ AwsSolutions: [{ rule: 'AwsSolutions-IAM5[Resource::*]', path: 'Pipeline/Role/Resource' }, { rule: 'AwsSolutions-VPC7', path: 'Pipeline/Prod/Network/Vpc/Resource' }] })),
      OPTIONS,
    );
    expect(report.findings.map((f) => [f.status, f.stack, f.rule])).toEqual([
      ['open', 'Pipeline', 'AwsSolutions-IAM5[Resource::*]'],
      ['acknowledged', 'Pipeline/Prod/Network', 'AwsSolutions-VPC7'],
    ]);
    expect(report.stacks.map((s) => [s.path, s.open, s.acknowledged])).toEqual([
      ['Pipeline', 1, 0],
      ['Pipeline/Prod/Network', 0, 1],
    ]);
    expect(report.passed).toBe(false);
  });
});

describe('parseValidationReport', () => {
  test('reads the legacy policy-validation-report.json layout', () => {
    const legacy = {
      title: 'Validation Report',
      pluginReports: [
        {
          summary: { pluginName: 'AwsSolutions', status: 'failure' },
          violations: [
            {
              ruleName: 'AwsSolutions-S1',
              description: 'no access logs',
              severity: 'error',
              violatingResources: [{ constructPath: 'Top/Open/Resource', locations: ['Properties'] }],
              violatingConstructs: [
                {
                  constructPath: 'Top/Open/Resource',
                  constructStack: { id: 'Top', location: 'build (/repo/app.ts:8:17)', child: { id: 'Open', location: 'build (/repo/app.ts:9:3)', child: { id: 'Resource', location: '...new Bucket2 in aws-cdk-lib...' } } },
                },
              ],
            },
          ],
        },
      ],
    };
    const [plugin] = parseValidationReport(legacy, 'policy-validation-report.json');
    expect(plugin.name).toBe('AwsSolutions');
    expect(plugin.violations[0].constructs[0].constructPath).toBe('Top/Open/Resource');
    expect(firstUserFrame(plugin.violations[0].constructs[0].traces, '/repo')).toEqual({ file: 'app.ts', line: 9, column: 3 });
  });

  test('fails when the file has no pluginReports list', () => {
    expect(() => parseValidationReport({ title: 'x' }, 'cdk.out/validation-report.json')).toThrow(
      new ReportInputError('cdk.out/validation-report.json has no pluginReports list; it is not a CDK validation report, re-run `npx cdk synth` to rewrite it'),
    );
  });

  test('fails when a plugin report has no name', () => {
    expect(() => parseValidationReport({ pluginReports: [{ violations: [] }] }, 'r.json')).toThrow(/r\.json: pluginReports\[0\] has no pluginName/);
  });
});
