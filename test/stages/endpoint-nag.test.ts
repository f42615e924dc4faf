import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { registerNagPacks } from '../../compliance/register-nag';
import { deepMerge } from '../../config/deep-merge';
import { resolveConfig } from '../../config/resolve-config';
import { EndpointStack } from '../../stages/endpoint-stack';
import { MlStage } from '../../stages/ml-stage';
import { catalogueArtifact, cdkJsonContext } from './endpoint-test-app';
import { repoDocument } from '../helpers/test-config';
import { synthViolations } from '../helpers/synth-violations';

const EXTRA_STAGES = [
  {
    name: 'MultiModel',
    account: '444444444444',
    regions: ['eu-west-1'],
    environment: 'production',
    endpoint: { kind: 'multiModel', instance: { initialInstanceCount: 2 }, scaling: { minCapacity: 2, maxCapacity: 4, targetTracking: { metric: 'cpuUtilization', targetValue: 70 } }, dataCapture: { enabled: true } },
  },
  {
    name: 'Variants',
    account: '555555555555',
    regions: ['eu-west-1'],
    environment: 'production',
    endpoint: { variants: 2, instance: { initialInstanceCount: 2 }, rollout: { strategy: 'linear' }, scaling: { minCapacity: 2, maxCapacity: 4, scheduled: [{ name: 'night', schedule: 'cron(0 22 * * ? *)', maxCapacity: 2 }] } },
  },
  {
    name: 'ScaledServerless',
    account: '666666666666',
    regions: ['eu-west-1'],
    environment: 'production',
    endpoint: { kind: 'serverless', serverless: { maxConcurrency: 10, provisionedConcurrency: 2 }, scaling: { minCapacity: 1, maxCapacity: 5, provisionedConcurrency: {} } },
  },
];

describe('endpoint stages under the compliance packs', () => {
  let outdir: string;
  let violations: string[];
  let endpointStacks: string[];

  beforeAll(() => {
    const document = repoDocument();
    const result = resolveConfig(deepMerge(document, { stages: [...(document.stages as unknown[]), ...EXTRA_STAGES] }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    outdir = mkdtempSync(join(tmpdir(), 'endpoint-nag-'));
    const app = new App({ outdir, context: cdkJsonContext() });
    registerNagPacks(app);
    for (const stage of result.config.stages) new MlStage(app, stage.name, { config: result.config, stage, region: stage.regions[0], modelArtifact: catalogueArtifact(result.config) });
    violations = synthViolations(app, outdir).map((v) => `${v.pack} ${v.rule} ${v.path}`);
    endpointStacks = app.node.findAll().filter((c): c is EndpointStack => c instanceof EndpointStack).map((st) => st.stackName);
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('every stage has its endpoint stack', () => {
    expect(endpointStacks.sort()).toEqual(['mlops-multimodel-endpoint', 'mlops-prod-endpoint', 'mlops-scaledserverless-endpoint', 'mlops-staging-endpoint', 'mlops-variants-endpoint']);
  });

  test('the default staging and production endpoints, multi-model, multi-variant and scaled serverless endpoints have no open finding in the five packs', () => {
    expect(violations).toEqual([]);
  });
});
