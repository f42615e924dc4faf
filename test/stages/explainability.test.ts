import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { call } from '../../containers/test/helpers/http-client';
import { irisArtifact, writeModel } from '../../containers/test/helpers/iris-model';
import { killAll, SERVING_MAIN, startProgram, tempRoot } from '../../containers/test/helpers/programs';
import { formatProblem } from '../../config';
import { deepMerge } from '../../config/deep-merge';
import { resolveConfig } from '../../config/resolve-config';
import { EndpointStack } from '../../stages/endpoint-stack';
import { NetworkStack } from '../../stages/network-stack';
import { EXPLAINER_ACCEPT, explainerConfig, sampleBaseline } from '../../stages/constructs/explainer-config';
import { baseDocument, testConfig } from '../helpers/test-config';
import { catalogueArtifact, cdkJsonContext, fakeServingImage, onlyResource } from './endpoint-test-app';

const env = { account: '222222222222', region: 'eu-west-1' };
const stage = (endpoint: Record<string, unknown>) => ({ stages: [{ name: 'Explained', account: env.account, regions: [env.region], endpoint }] });
const explained = { explainability: { numberOfSamples: 50, seed: 7, enableExplanations: 'max(probabilities) < `0.95`', targetExplanationsPerInstance: 20 }, scaling: { minCapacity: 1, maxCapacity: 4 } };

function problemsOf(overrides: Record<string, unknown>): string[] {
  const result = resolveConfig(deepMerge(baseDocument(), overrides));
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.problems.map(formatProblem);
}

describe('online explainability (SageMaker Clarify) of an instance endpoint', () => {
  let template: Template;

  beforeAll(() => {
    const config = testConfig(stage(explained));
    const app = new App({ context: cdkJsonContext() });
    const network = new NetworkStack(app, 'Network', { env, network: config.stages[0].network, namePrefix: 'tst' });
    template = Template.fromStack(new EndpointStack(app, 'ExplainedEndpoint', { env, config, stage: config.stages[0], modelArtifact: catalogueArtifact(config), vpc: network.vpc, servingImageSource: fakeServingImage() }));
  });

  test('the endpoint config gets the Clarify explainer: SHAP baseline from the training data, samples, and the container\'s answer form', () => {
    const baseline = sampleBaseline();
    expect(baseline).toHaveLength(4);
    // the means of the sample training data: setosa, versicolor and virginica mixed
    expect(baseline[2]).toBeGreaterThan(3);
    expect(baseline[2]).toBeLessThan(4.5);
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ExplainerConfig: {
        ClarifyExplainerConfig: {
          EnableExplanations: 'max(probabilities) < `0.95`',
          ShapConfig: { ShapBaselineConfig: { MimeType: 'text/csv', ShapBaseline: baseline.join(',') }, NumberOfSamples: 50, Seed: 7, UseLogit: false },
          InferenceConfig: {
            FeatureHeaders: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
            LabelHeaders: ['setosa', 'versicolor', 'virginica'],
            ProbabilityAttribute: 'probabilities',
            MaxRecordCount: 100,
          },
        },
      },
    });
  });

  test('a target-tracking policy keeps ExplanationsPerInstance at the configured value', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 20,
        CustomizedMetricSpecification: { MetricName: 'ExplanationsPerInstance', Namespace: 'AWS/SageMaker', Statistic: 'Sum', Dimensions: [{ Name: 'EndpointName', Value: 'tst-explained' }, { Name: 'VariantName', Value: 'primary' }] },
      },
    });
  });

  test('the dashboard graphs the explanations per instance and says what to do when they rise', () => {
    const body = onlyResource(template, 'AWS::CloudWatch::Dashboard').resource.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
    const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
    expect(text).toContain('"ExplanationsPerInstance"');
    expect(text).toContain('**Explanations per instance**');
  });

  test('fails when set on a serverless endpoint, saying why', () => {
    expect(problemsOf(stage({ kind: 'serverless', explainability: {} })).join('\n')).toContain('stages[0].endpoint.explainability: {} cannot be set on a serverless endpoint: the SageMaker Clarify explainer runs on the endpoint\'s instances');
  });

  test('fails when set on a multi-model endpoint, saying why', () => {
    expect(problemsOf(stage({ kind: 'multiModel', explainability: {} })).join('\n')).toContain('cannot be set on a multi-model endpoint here: the explainer config is one per endpoint');
  });

  test('fails when the baseline has another number of values than the model has features', () => {
    expect(problemsOf(stage({ explainability: { baseline: [1, 2, 3] } }))).toEqual([
      'stages[0].endpoint.explainability.baseline: [1,2,3] has 3 values but model "default" has 4 features (sepal_length, sepal_width, petal_length, petal_width); give one baseline value per feature, in that order',
    ]);
  });

  test('fails when a model other than the sample one is explained without a baseline', () => {
    const problems = problemsOf({ models: { wine: { hyperparameters: { feature_names: 'alcohol,acidity' } } }, ...stage({ explainability: {} }) });
    expect(problems[0]).toContain('stages[0].endpoint.explainability.baseline is missing: model "wine" is not the sample iris model');
  });
});

describe('the serving program answers the Clarify explainer', () => {
  let root = '';
  afterAll(async () => {
    killAll();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  test('a batch of CSV records asked as JSON Lines gets one record per row, read with the explainer config\'s attributes', async () => {
    root = await tempRoot('explain');
    await writeModel(path.join(root, 'model'), await irisArtifact());
    const program = startProgram(SERVING_MAIN, 'serve', { SM_ROOT: root, SAGEMAKER_BIND_TO_PORT: '0', SERVING_HOST: '127.0.0.1' });
    const { port } = JSON.parse(await program.waitForLine(/"event":"listening"/)) as { port: number };
    await program.waitForLine(/"event":"model-loaded"/);

    const config = explainerConfig(testConfig(stage(explained)).stages[0].endpoint.explainability ?? ({} as never), ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    const inference = (config.clarifyExplainerConfig as { inferenceConfig: { probabilityAttribute: string; labelHeaders: string[]; maxRecordCount: number } }).inferenceConfig;
    // what Kernel SHAP sends: the baseline with some features replaced by the explained record's
    const record = [6.3, 3.3, 6.0, 2.5];
    const baseline = sampleBaseline();
    const batch = Array.from({ length: inference.maxRecordCount }, (_, i) => record.map((v, j) => ((i >> j) & 1 ? v : baseline[j])).join(','));
    const answer = await call(port, '/invocations', { method: 'POST', headers: { 'content-type': 'text/csv', accept: EXPLAINER_ACCEPT }, body: `${batch.join('\n')}\n` });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/jsonlines');
    const lines = answer.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(batch.length);
    for (const line of lines) {
      const probabilities = line[inference.probabilityAttribute] as number[];
      expect(probabilities).toHaveLength(inference.labelHeaders.length);
      expect(probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
      // the label is the class of the highest probability, named as labelHeaders names it
      expect(line.label).toBe(inference.labelHeaders[probabilities.indexOf(Math.max(...probabilities))]);
    }
    // the probabilities are in the order of the CSV answer's columns, which labelHeaders follows
    const csv = await call(port, '/invocations', { method: 'POST', headers: { 'content-type': 'text/csv', accept: 'text/csv' }, body: `${batch[0]}\n` });
    expect(csv.body.trim().split(',').slice(1).map(Number)).toEqual(lines[0][inference.probabilityAttribute]);
  });
});
