import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../pipeline/build-app';
import { buildSpecOf, pipelineProperties, pipelineShape } from '../helpers/pipeline-template';
import { testConfig } from '../helpers/test-config';

const config = testConfig({
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'], approval: true, notify: { emails: ['qa@example.com'] } },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], approval: true, environment: 'production', notify: { emails: ['rm@example.com'] } },
  ],
});

type Action = { Name: string; Configuration?: { ProjectName?: unknown; EnvironmentVariables?: string }; Namespace?: string };
let template: Template;
let stages: { Name: string; Actions: Action[] }[];

beforeAll(() => {
  template = Template.fromStack(buildApp(config, {}, { compliance: false }).pipelineStack);
  stages = pipelineProperties(template).Stages as typeof stages;
});

const statementsOf = (policyDescription: string) => {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) => p.Properties.Description === policyDescription);
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement as { Sid?: string; Action: string | string[]; Resource: unknown }[];
};

describe('the model registry in the pipeline', () => {
  test('the approved production deployment marks the versions it deployed Approved, beside its smoke test', () => {
    const prod = pipelineShape(template).find((s) => s.name === 'Prod');
    const smoke = prod?.actions.find((a) => a.name === 'SmokeTest');
    expect(prod?.actions.find((a) => a.name === 'MarkVersionsApproved')).toEqual({ name: 'MarkVersionsApproved', provider: 'CodeBuild', runOrder: smoke?.runOrder });
  });

  test('a stage whose approval does not promote to production marks nothing', () => {
    expect(pipelineShape(template).find((s) => s.name === 'Staging')?.actions.map((a) => a.name)).not.toContain('MarkVersionsApproved');
  });

  test('the step reads the Train step\'s exported MODEL_VERSIONS and the execution id, and runs mlpipe registry approve', () => {
    const train = stages.find((s) => s.Name === 'Train')?.Actions.find((a) => a.Name === 'TrainModel');
    const mark = stages.find((s) => s.Name === 'Prod')?.Actions.find((a) => a.Name === 'MarkVersionsApproved');
    expect(train?.Namespace).toEqual(expect.any(String));
    const variables = JSON.parse(mark?.Configuration?.EnvironmentVariables ?? '[]') as { name: string; value: string }[];
    expect(variables).toEqual(
      expect.arrayContaining([
        { name: 'MODEL_VERSIONS', type: 'PLAINTEXT', value: `#{${train?.Namespace}.MODEL_VERSIONS}` },
        { name: 'PIPELINE_EXECUTION_ID', type: 'PLAINTEXT', value: '#{codepipeline.PipelineExecutionId}' },
      ]),
    );
    const spec = buildSpecOf(template, 'tst-prod-registry-approval') as { phases: { build: { commands: string[] } } };
    expect(spec.phases.build.commands).toEqual(['npx mlpipe registry approve']);
  });

  test('the approver may read and update the project\'s versions and nothing else in SageMaker', () => {
    const statements = statementsOf('pipeline registry approval step: mark model package versions Approved');
    expect(statements).toEqual([
      {
        Sid: 'MarkModelVersions',
        Effect: 'Allow',
        Action: ['sagemaker:DescribeModelPackage', 'sagemaker:UpdateModelPackage'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':model-package/tst-*']] },
      },
    ]);
  });

  test('the Train step may register and find versions, never update or delete them', () => {
    const statements = statementsOf('pipeline Train step: managed-spot training jobs, model publishing and registration');
    const sagemaker = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('sagemaker:'));
    expect(sagemaker.sort()).toEqual(['sagemaker:AddTags', 'sagemaker:AddTags', 'sagemaker:CreateModelPackage', 'sagemaker:CreateTrainingJob', 'sagemaker:DescribeModelPackage', 'sagemaker:DescribeTrainingJob', 'sagemaker:ListModelPackages', 'sagemaker:Search', 'sagemaker:StopTrainingJob']);
  });
});
