import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stage, Validations } from 'aws-cdk-lib';
import type { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { COMPLIANCE_PACK_NAMES } from '../../compliance/pack-names';
import { registerNagPacks } from '../../compliance/register-nag';
import { SAGEMAKER_RULES, SageMakerChecks } from '../../compliance/sagemaker-checks';
import { SageMakerFixtureStack, sagemakerFixture } from './fixtures/sagemaker-fixture';

function ruleNames(stack: SageMakerFixtureStack): string[] {
  return new SageMakerChecks().validateScope(stack).violations.map((v) => v.ruleName).sort();
}

describe('SageMakerChecks', () => {
  test('reports nothing for a compliant production endpoint stack', () => {
    const report = new SageMakerChecks().validateScope(sagemakerFixture());
    expect(report).toEqual({ success: true, violations: [] });
  });

  test('fails when every SageMaker rule is broken, naming each rule and the granular variant', () => {
    const stack = sagemakerFixture({ configKey: 'none', modelInVpc: false, deployment: 'none', dataCapture: 'unencrypted', scaling: 'none' });
    expect(ruleNames(stack)).toEqual([
      'SageMaker-DataCaptureEncrypted',
      'SageMaker-EndpointBlueGreenRollback',
      'SageMaker-EndpointConfigCustomerKey',
      'SageMaker-ModelVpcIsolation',
      'SageMaker-ProductionVariantAutoscaling[Variant::AllTraffic]',
    ]);
  });

  test('fails when a rule cannot evaluate, reporting the rule rather than passing', () => {
    const report = new SageMakerChecks(undefined, { verbose: true }).validateScope(sagemakerFixture({ externalConfig: true }));
    const autoscaling = report.violations.find((v) => v.ruleName === 'SageMaker-ProductionVariantAutoscaling');
    expect(autoscaling?.description).toMatch(/^Rule threw an error during validation\. cannot find endpoint config config-defined-elsewhere/);
  });

  test('declares its rule ids', () => {
    expect(new SageMakerChecks().ruleIds).toEqual(SAGEMAKER_RULES.map((r) => `SageMaker-${r.suffix}`));
  });
});

describe('registerNagPacks', () => {
  test('registers the five packs listed in pack-names.ts', () => {
    const spy = jest.spyOn(Validations.prototype, 'addPlugins');
    try {
      registerNagPacks(new App());
      const plugins = spy.mock.calls.flat() as IPolicyValidationPlugin[];
      expect(plugins.map((p) => p.name)).toEqual([...COMPLIANCE_PACK_NAMES]);
    } finally {
      spy.mockRestore();
    }
  });

  describe('on an app with a non-compliant endpoint in a nested stage', () => {
    let outdir: string;
    let report: { pluginReports: { pluginName: string; violations: { ruleName: string }[]; suppressedViolations?: { ruleName: string; acknowledgedId: string }[] }[] };

    beforeAll(() => {
      outdir = mkdtempSync(join(tmpdir(), 'nag-'));
      const app = new App({ outdir });
      registerNagPacks(app);
      const stack = new SageMakerFixtureStack(new Stage(app, 'Prod'), 'Endpoint', { deployment: 'none', scaling: 'none' });
      Validations.of(stack.endpoint).acknowledge({
        id: 'SageMaker::SageMaker-EndpointBlueGreenRollback',
        reason: 'fixture: the endpoint is replaced, never updated, so no traffic ever shifts between fleets',
      });
      expect(() => app.synth()).toThrow(/SageMaker-ProductionVariantAutoscaling\[Variant::AllTraffic\]/);
      report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    });

    afterAll(() => rmSync(outdir, { recursive: true, force: true }));

    test('fails synth with the open SageMaker finding of the nested stage', () => {
      const sagemaker = report.pluginReports.find((p) => p.pluginName === 'SageMaker');
      expect(sagemaker?.violations.map((v) => v.ruleName)).toEqual(['SageMaker-ProductionVariantAutoscaling[Variant::AllTraffic]']);
    });

    test('records the qualified acknowledgement as a suppressed violation', () => {
      const sagemaker = report.pluginReports.find((p) => p.pluginName === 'SageMaker');
      expect(sagemaker?.suppressedViolations?.map((v) => [v.ruleName, v.acknowledgedId])).toEqual([
        ['SageMaker-EndpointBlueGreenRollback', 'SageMaker::SageMaker-EndpointBlueGreenRollback'],
      ]);
    });

    test('reports no finding of the other packs for the compliant parts', () => {
      const others = report.pluginReports.filter((p) => p.pluginName !== 'SageMaker').flatMap((p) => p.violations.map((v) => v.ruleName));
      expect(others).toEqual([]);
    });
  });
});
