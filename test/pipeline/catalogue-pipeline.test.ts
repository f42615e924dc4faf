import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../pipeline/build-app';
import { pipelineProperties } from '../helpers/pipeline-template';
import { testConfig } from '../helpers/test-config';

interface Action {
  Name: string;
  Configuration?: { ProjectName?: { Ref: string }; EnvironmentVariables?: string };
}

const config = testConfig({
  training: { maxConcurrentJobs: 1, maxRuntimeSeconds: 3600, maxWaitSeconds: 7200 },
  models: { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2: '0.01' }, maxRuntimeSeconds: 1800, maxWaitSeconds: 3600 } },
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'], endpoint: { kind: 'multiModel' } },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], environment: 'production', endpoint: { model: 'iris-softmax-l2' } },
  ],
});

let template: Template;
beforeAll(() => {
  template = Template.fromStack(buildApp(config, {}, { compliance: false }).pipelineStack);
});

const action = (stage: string, name: string): Action => {
  const found = (pipelineProperties(template).Stages as { Name: string; Actions: Action[] }[]).find((s) => s.Name === stage)?.Actions.find((a) => a.Name === name);
  if (!found) throw new Error(`no action ${name} in stage ${stage}`);
  return found;
};
const env = (a: Action) => Object.fromEntries((JSON.parse(a.Configuration?.EnvironmentVariables ?? '[]') as { name: string; value: string }[]).map((v) => [v.name, v.value]));

describe('the pipeline of a model catalogue', () => {
  test('the training step checks every model\'s key against the Train stage\'s ModelKeys output', () => {
    expect(env(action('Train', 'TrainModel')).EXPECTED_MODEL_KEYS).toMatch(/^#\{.+\.ModelKeys\}$/);
  });

  test('the training step may wait for every round of maxConcurrentJobs jobs of the slowest model', () => {
    const ref = action('Train', 'TrainModel').Configuration?.ProjectName?.Ref ?? '';
    const project = template.toJSON().Resources[ref] as { Properties: { TimeoutInMinutes: number } };
    // two models, one job at a time, the slowest waits 7200 s: 2 x 120 min + 30 min of setup
    expect(project.Properties.TimeoutInMinutes).toBe(2 * 120 + 30);
  });

  test('the gates of a multi-model stage get its TargetModel map; an instance stage\'s do not', () => {
    expect(env(action('Staging', 'SmokeTest')).TARGET_MODELS).toMatch(/^#\{.+\.TargetModels\}$/);
    expect(env(action('Staging', 'LatencyCheck')).TARGET_MODELS).toMatch(/^#\{.+\.TargetModels\}$/);
    expect(env(action('Prod', 'SmokeTest')).TARGET_MODELS).toBeUndefined();
  });
});

describe('the training step\'s CodeBuild report', () => {
  test('publishes training.junit.xml to the project\'s training report group, which the step may write', () => {
    const ref = action('Train', 'TrainModel').Configuration?.ProjectName?.Ref ?? '';
    const project = template.toJSON().Resources[ref] as { Properties: { Source: { BuildSpec: string } } };
    const spec = JSON.parse(project.Properties.Source.BuildSpec) as { reports: Record<string, { 'base-directory': string; files: string[]; 'file-format': string }> };
    const [[group, report]] = Object.entries(spec.reports);
    expect(report).toEqual({ 'base-directory': 'reports/training', files: ['training.junit.xml'], 'file-format': 'JUNITXML' });
    expect(group).toBe('arn:aws:codebuild:eu-west-1:111111111111:report-group/tst-training');
    template.hasResourceProperties('AWS::CodeBuild::ReportGroup', { Name: 'tst-training', Type: 'TEST' });
  });
});
