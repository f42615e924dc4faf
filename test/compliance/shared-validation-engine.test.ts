import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';

/**
 * The test files of a jest worker share one CloudFormation validation engine
 * (test/helpers/shared-cfn-validate.cjs). A suite that relies on it must still see exactly the
 * findings a fresh engine reports: an app with a value CloudFormation rejects gets its warning, the
 * same app without it gets none, and a finding of one synth does not leak into the next.
 */
const outdirs: string[] = [];

/** one open CloudFormation Validate finding: its rule, construct and place in the template. */
interface CfnFinding {
  readonly rule: string;
  readonly path: string;
  readonly where?: { readonly templatePath: string; readonly logicalId: string; readonly propertyPaths: readonly string[] };
}

/** the CloudFormation Validate findings of a one-stack app `stackId` whose endpoint config has `instanceType`. */
function cfnFindings(instanceType: string, stackId = 'Shared'): CfnFinding[] {
  const outdir = mkdtempSync(join(tmpdir(), 'shared-engine-'));
  outdirs.push(outdir);
  // the validation on, its findings as warnings (without strictCfnValidateErrors the synth completes)
  const app = new App({ outdir, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  new CfnEndpointConfig(new Stack(app, stackId), 'EndpointConfig', {
    productionVariants: [{ variantName: 'AllTraffic', modelName: 'model', instanceType, initialInstanceCount: 1 }],
  });
  app.synth();
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string; cloudFormationResource?: CfnFinding['where'] }[] }[] }[];
  };
  return report.pluginReports
    .filter((p) => p.pluginName === 'CloudFormation Validate')
    .flatMap((p) => p.violations.flatMap((v) => v.violatingConstructs.map((c) => ({ rule: v.ruleName, path: c.constructPath, where: c.cloudFormationResource }))));
}

const rules = (findings: CfnFinding[]) => findings.map((f) => f.rule);

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

describe('the CloudFormation validation engine shared by the test files of a worker', () => {
  test('reports a value CloudFormation does not accept (W3030, an unknown instance type)', () => {
    expect(rules(cfnFindings('ml.c5.larg'))).toEqual(['W3030']);
  });

  test('reports nothing for the same app with a valid instance type, right after a synth with a finding', () => {
    expect(rules(cfnFindings('ml.c5.large'))).toEqual([]);
  });

  test('reports the finding again in a later synth: findings do not stick to the engine', () => {
    expect(rules(cfnFindings('ml.m5.larg'))).toEqual(['W3030']);
    expect(rules(cfnFindings('ml.m5.large'))).toEqual([]);
  });

  test('reports the same findings, on the same resource and property, for a template it validated before', () => {
    const expected = [{ rule: 'W3030', path: 'Again/EndpointConfig', where: { templatePath: 'Again.template.json', logicalId: 'EndpointConfig', propertyPaths: ['Properties.ProductionVariants.0.InstanceType'] } }];
    // the first synth validates the template, the second gets the worker's report of it
    expect(cfnFindings('ml.r5.larg', 'Again')).toEqual(expected);
    const again = cfnFindings('ml.r5.larg', 'Again');
    expect(rules(again)).toEqual(['W3030']);
    expect(again).toEqual(expected);
  });

  test('is one engine for the whole worker: the package the code under test loads comes from the test environment', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require('@aws/cloudformation-validate') as { CompositeEngine: unknown };
    const shared = (globalThis as { __mlpipeSharedCfnValidate?: () => { CompositeEngine: unknown } }).__mlpipeSharedCfnValidate;
    expect(shared).toBeDefined();
    expect(loaded.CompositeEngine).toBe(shared?.().CompositeEngine);
  });
});
