import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../pipeline/build-app';
import { repoDocument, testConfig } from '../helpers/test-config';

/*
 * A monitored production stage (pipeline.yaml's Prod with endpoint.monitoring on, in a second region
 * too): the grants the Train step and the baseline jobs it runs get, exactly; and none without monitoring.
 */

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
type Resources = Record<string, { Type: string; Properties: { PolicyDocument?: { Statement: Statement[] }; LogGroupName?: string; KmsKeyId?: unknown; RetentionInDays?: number; LifecycleConfiguration?: { Rules: { Id: string; Prefix?: string }[] } } }>;

function templatesOf(monitored: boolean): Record<string, Resources> {
  const document = repoDocument();
  const stages = document.stages as Record<string, unknown>[];
  document.stages = stages.map((s) => (s.name === 'Prod' ? { ...s, regions: ['eu-west-1', 'eu-central-1'], endpoint: { ...(s.endpoint as object), monitoring: { enabled: monitored } } } : s));
  const { app, pipelineStack } = buildApp(testConfig({}, document), {}, { compliance: false });
  const stacks = app.node.findAll().filter((c): c is Stack => c instanceof Stack);
  const named = (name: string) => stacks.find((s) => s.stackName === name) as Stack;
  return Object.fromEntries(
    [
      ['pipeline', pipelineStack],
      ['modelStore', named('mlops-model-store')],
      ['training', named('mlops-training')],
    ].map(([k, stack]) => [k, Template.fromStack(stack as Stack).toJSON().Resources as Resources]),
  );
}

/** the statements with these Sids, in every policy of a template. */
const statements = (resources: Resources, sids: readonly string[]) =>
  Object.values(resources)
    .flatMap((r) => r.Properties?.PolicyDocument?.Statement ?? [])
    .filter((s) => s.Sid !== undefined && sids.includes(s.Sid))
    .sort((a, b) => String(a.Sid).localeCompare(String(b.Sid)));

const s3 = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${rest}`]] });
const arn = (service: string, rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, rest]] });

describe('with a monitored production stage', () => {
  let templates: Record<string, Resources>;
  beforeAll(() => {
    templates = templatesOf(true);
  });

  test('the TrainModel role may start network-isolated baseline jobs of this project, tag and watch them, and read only their output', () => {
    const jobs = arn('sagemaker', ':processing-job/mlops-baseline-*');
    expect(statements(templates.pipeline, ['StartIsolatedBaselineJobs', 'TagAndWatchBaselineJobs', 'ReadBaselineJobOutputs'])).toEqual([
      { Sid: 'ReadBaselineJobOutputs', Effect: 'Allow', Action: 's3:GetObject', Resource: s3('mlops-models-111111111111-eu-west-1/baseline-jobs/*') },
      { Sid: 'StartIsolatedBaselineJobs', Effect: 'Allow', Action: 'sagemaker:CreateProcessingJob', Resource: jobs, Condition: { Bool: { 'sagemaker:NetworkIsolation': 'true' } } },
      { Sid: 'TagAndWatchBaselineJobs', Effect: 'Allow', Action: ['sagemaker:AddTags', 'sagemaker:DescribeProcessingJob'], Resource: jobs },
    ]);
  });

  test('it passes the training role the jobs run as to SageMaker only, and publishes and copies the two files under models/ only', () => {
    const [copy, pass, publish] = statements(templates.pipeline, ['PassTrainingRole', 'PublishModels', 'CopyModelsToRegionalBuckets']);
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
    expect(JSON.stringify(pass.Resource)).toContain(':role/mlops-training-execution');
    expect(publish.Resource).toEqual(s3('mlops-models-111111111111-eu-west-1/models/*'));
    expect(copy.Resource).toEqual(s3('mlops-models-111111111111-eu-central-1/models/*'));
  });

  test('the training role the jobs run as may write baseline-jobs/ and the processing log group, which the model store creates encrypted', () => {
    const [writes, logs] = statements(templates.modelStore, ['WriteTrainingLogs', 'WriteOutputsAndCheckpoints']);
    const objects = (writes.Resource as { 'Fn::Join': [string, unknown[]] }[]).map((r) => r['Fn::Join'][1].at(-1));
    expect(objects).toEqual(['/jobs/*', '/checkpoints/*', '/baseline-jobs/*']);
    const group = (name: string) => arn('logs', `:log-group:${name}`);
    const stream = (name: string) => arn('logs', `:log-group:${name}:log-stream:*`);
    expect(logs.Resource).toEqual([group('/aws/sagemaker/TrainingJobs'), stream('/aws/sagemaker/TrainingJobs'), group('/aws/sagemaker/ProcessingJobs'), stream('/aws/sagemaker/ProcessingJobs')]);
    const groups = Object.values(templates.modelStore).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(groups.map((g) => [g.Properties.LogGroupName, g.Properties.RetentionInDays, g.Properties.KmsKeyId !== undefined])).toEqual([
      ['/aws/sagemaker/TrainingJobs', 365, true],
      ['/aws/sagemaker/ProcessingJobs', 365, true],
    ]);
  });

  test('the training role may pull exactly the tooling region\'s analyzer image', () => {
    expect(statements(templates.training, ['PullModelMonitorAnalyzer'])).toEqual([
      {
        Sid: 'PullModelMonitorAnalyzer',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:468650794304:repository/sagemaker-model-monitor-analyzer']] },
      },
    ]);
  });
});

test('without a monitored stage nothing of it is granted', () => {
  const templates = templatesOf(false);
  expect(statements(templates.pipeline, ['StartIsolatedBaselineJobs', 'TagAndWatchBaselineJobs', 'ReadBaselineJobOutputs']).map((s) => s.Sid)).toEqual([]);
  expect(statements(templates.training, ['PullModelMonitorAnalyzer']).map((s) => s.Sid)).toEqual([]);
  expect(JSON.stringify(templates.modelStore)).not.toContain('ProcessingJobs');
  expect(JSON.stringify(templates.modelStore)).not.toContain('baseline-jobs/*');
});
