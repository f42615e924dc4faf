import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { BuiltApp } from '../../pipeline/build-app';
import { buildApp } from '../../pipeline/build-app';
import type { MlStage } from '../../stages/ml-stage';
import type { TrainStage } from '../../stages/train-stage';
import { pipelineProperties, pipelineShape } from '../helpers/pipeline-template';
import { testConfig } from '../helpers/test-config';

const config = testConfig({
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'], smokeTest: { latencyRequests: 300, p99LatencyMs: 250 } },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'], approval: true, environment: 'production' },
  ],
});

let built: BuiltApp;
let template: Template;

interface Action {
  Name: string;
  RunOrder?: number;
  Configuration?: { ProjectName?: unknown; EnvironmentVariables?: string };
}
const actionsOf = (stage: string) => ((pipelineProperties(template).Stages as { Name: string; Actions: Action[] }[]).find((s) => s.Name === stage)?.Actions ?? []);
const action = (stage: string, name: string) => {
  const found = actionsOf(stage).find((a) => a.Name === name);
  if (!found) throw new Error(`no action ${name} in stage ${stage}`);
  return found;
};
const env = (a: Action) => Object.fromEntries((JSON.parse(a.Configuration?.EnvironmentVariables ?? '[]') as { name: string; value: string }[]).map((v) => [v.name, v.value]));
/** the CodeBuild project an action runs. */
const projectOf = (a: Action) => {
  const ref = (a.Configuration?.ProjectName as { Ref: string }).Ref;
  return template.toJSON().Resources[ref] as {
    Properties: { Source: { BuildSpec: string }; TimeoutInMinutes?: number; Environment: { Image: string; EnvironmentVariables?: { Name: string; Value: string }[] } };
  };
};
/** the variables a project sets itself (ShellStep env). */
const projectEnv = (a: Action) => Object.fromEntries((projectOf(a).Properties.Environment.EnvironmentVariables ?? []).map((v) => [v.Name, v.Value]));
/** the parsed buildspec of the project an action runs. */
const buildSpec = (a: Action) => JSON.parse(projectOf(a).Properties.Source.BuildSpec) as { phases: Record<string, { commands?: string[]; 'runtime-versions'?: Record<string, unknown> }> };

beforeAll(() => {
  built = buildApp(config, {}, { compliance: false });
  template = Template.fromStack(built.pipelineStack);
});

describe('pipeline shape with training and post-deploy gates', () => {
  test('trains after the assets and before the first endpoint stage', () => {
    expect(pipelineShape(template).map((s) => s.name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Train', 'Staging', 'Prod']);
  });

  test('the Train stage deploys the model store, the regional model store, network and training stacks, then runs the training step', () => {
    const train = pipelineShape(template).find((s) => s.name === 'Train');
    expect(train?.actions.map((a) => [a.name, a.runOrder, a.provider])).toEqual([
      ['tst-model-store.Deploy', 1, 'CloudFormation'],
      ['tst-model-store-eu-central-1.Deploy', 1, 'CloudFormation'],
      ['tst-training-network.Deploy', 1, 'CloudFormation'],
      ['tst-training.Deploy', 2, 'CloudFormation'],
      ['TrainModel', 3, 'CodeBuild'],
    ]);
  });

  test('each stage deployment is followed by the smoke test, then the latency check', () => {
    const staging = pipelineShape(template).find((s) => s.name === 'Staging');
    expect(staging?.actions.map((a) => [a.name, a.runOrder])).toEqual([
      ['tst-staging-network.Deploy', 1],
      ['tst-staging-endpoint.Deploy', 2],
      ['SmokeTest', 3],
      ['LatencyCheck', 4],
    ]);
  });

  test('production keeps its approval in pre, before every deploy, and gates each region after its deploy', () => {
    const prod = pipelineShape(template).find((s) => s.name === 'Prod');
    const order = Object.fromEntries(prod?.actions.map((a) => [a.name, a.runOrder]) ?? []);
    expect(order.PromoteToProd).toBe(1);
    for (const region of ['eu-west-1', 'eu-central-1']) {
      expect(order[`Prod-${region}.tst-prod-endpoint.Deploy`]).toBeGreaterThan(order.PromoteToProd);
      expect(order[`Prod-${region}.SmokeTest-${region}`]).toBeGreaterThan(order[`Prod-${region}.tst-prod-endpoint.Deploy`]);
      expect(order[`Prod-${region}.LatencyCheck-${region}`]).toBeGreaterThan(order[`Prod-${region}.SmokeTest-${region}`]);
    }
  });
});

describe('TrainModel step', () => {
  test('reads the deployed names from the Train stage\'s outputs', () => {
    const vars = env(action('Train', 'TrainModel'));
    expect(Object.keys(vars).sort()).toEqual([
      'EXPECTED_MODEL_KEY',
      'EXPECTED_MODEL_KEYS',
      'MODELS_BUCKET',
      'MODELS_BUCKET_EU_CENTRAL_1',
      'MODEL_KMS_KEY_ARN',
      'MODEL_KMS_KEY_ARN_EU_CENTRAL_1',
      'SERVING_IMAGE_URI',
      'SOURCE_ARCHIVES',
      'TRAINING_DATA_BUCKET',
      'TRAINING_IMAGE_URI',
      'TRAINING_ROLE_ARN',
      'TRAINING_SECURITY_GROUP_ID',
      'TRAINING_SUBNET_IDS',
    ]);
    expect(vars.TRAINING_IMAGE_URI).toMatch(/^#\{.+\.TrainingImageUri\}$/);
    expect(vars.EXPECTED_MODEL_KEY).toMatch(/^#\{.+\.ModelKey\}$/);
  });

  test('runs buildspecs/train.yml on Node 22 with a timeout above the spot wait', () => {
    const project = projectOf(action('Train', 'TrainModel'));
    const spec = buildSpec(action('Train', 'TrainModel'));
    expect(spec.phases.build.commands).toEqual(['npx mlpipe train --report reports/training/report.json', 'export MODEL_VERSIONS="$(cat reports/training/model-versions.txt 2>/dev/null)"']);
    expect((spec as unknown as { env: Record<string, unknown> }).env['exported-variables']).toEqual(['MODEL_VERSIONS']);
    expect(spec.phases.install['runtime-versions']).toEqual({ nodejs: 22 });
    expect(project.Properties.TimeoutInMinutes).toBe(7200 / 60 + 30);
    expect(project.Properties.Environment.Image).toBe('aws/codebuild/standard:7.0');
  });

  test('its role may start, stop and find isolated jobs of this project and pass only the training role to SageMaker', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'StartIsolatedTrainingJobs', Action: 'sagemaker:CreateTrainingJob', Condition: { Bool: { 'sagemaker:NetworkIsolation': 'true' } } }),
          // a stopped step stops its own jobs (this project's names only); the tag query needs Search, which has no resource type
          Match.objectLike({ Sid: 'StopTrainingJobs', Action: 'sagemaker:StopTrainingJob', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':training-job/tst-*']] } }),
          Match.objectLike({ Sid: 'FindTrainingJobsOfModelKey', Action: 'sagemaker:Search', Resource: '*' }),
          Match.objectLike({
            Sid: 'PassTrainingRole',
            Action: 'iam:PassRole',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/tst-training-execution']] },
            Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
          }),
        ]),
      },
    });
  });
});

describe('smoke and latency steps', () => {
  test('invoke the endpoint named by the endpoint stack\'s output, as the stage\'s smoke-test role', () => {
    const vars = { ...projectEnv(action('Staging', 'SmokeTest')), ...env(action('Staging', 'SmokeTest')) };
    expect(vars).toMatchObject({
      STAGE_NAME: 'Staging',
      SMOKE_GATE: 'samples',
      ENDPOINT_REGION: 'eu-west-1',
      SMOKE_TEST_ROLE_ARN: 'arn:aws:iam::222222222222:role/tst-staging-smoke-test-eu-west-1',
    });
    expect(vars.ENDPOINT_NAME).toMatch(/^#\{.+\.EndpointName\}$/);
    expect(projectEnv(action('Staging', 'LatencyCheck')).SMOKE_GATE).toBe('latency');
    expect(buildSpec(action('Staging', 'SmokeTest')).phases.build.commands?.at(-1)).toMatch(/^npx mlpipe smoke-test --stage "\$STAGE_NAME" --gate "\$SMOKE_GATE"/);
  });

  test('each stage has its own runner role, which may assume exactly that stage\'s smoke-test roles', () => {
    const runners = template.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('smoke-runner$') } });
    expect(Object.values(runners).map((r) => r.Properties.RoleName).sort()).toEqual(['tst-prod-smoke-runner', 'tst-staging-smoke-runner']);
    const assumable = (roleName: string) => {
      const [roleId] = Object.keys(runners).filter((id) => runners[id].Properties.RoleName === roleName);
      const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
      return policies.flatMap((p) => (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: string | string[] }[]).filter((st) => [st.Action].flat().includes('sts:AssumeRole')).flatMap((st) => [st.Resource].flat()));
    };
    expect(assumable('tst-staging-smoke-runner')).toEqual(['arn:aws:iam::222222222222:role/tst-staging-smoke-test-eu-west-1']);
    expect(assumable('tst-prod-smoke-runner').sort()).toEqual(['arn:aws:iam::333333333333:role/tst-prod-smoke-test-eu-central-1', 'arn:aws:iam::333333333333:role/tst-prod-smoke-test-eu-west-1']);
  });

  test('the smoke and latency projects of a stage run as that stage\'s runner role', () => {
    const roleOf = (stage: string, name: string) => (projectOf(action(stage, name)) as unknown as { Properties: { ServiceRole: { 'Fn::GetAtt': [string, string] } } }).Properties.ServiceRole['Fn::GetAtt'][0];
    const nameOf = (id: string) => template.toJSON().Resources[id].Properties.RoleName as string;
    expect(nameOf(roleOf('Staging', 'SmokeTest'))).toBe('tst-staging-smoke-runner');
    expect(nameOf(roleOf('Staging', 'LatencyCheck'))).toBe('tst-staging-smoke-runner');
    expect(nameOf(roleOf('Prod', 'Prod-eu-west-1.SmokeTest-eu-west-1'))).toBe('tst-prod-smoke-runner');
  });

  test('each stage account has a smoke-test role that only that stage\'s runner role may assume, to invoke its endpoint', () => {
    const staging = built.pipelineStack.node.findChild('Staging') as MlStage;
    const endpoint = Template.fromStack(staging.endpoint);
    endpoint.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'tst-staging-smoke-test-eu-west-1',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Condition: { ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/tst-staging-smoke-runner']] } } } })],
      },
    });
    endpoint.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Sid: 'InvokeStageEndpoint', Action: 'sagemaker:InvokeEndpoint' })] },
    });
  });

  test('the endpoint stages serve the model at the key the Train stage computes', () => {
    const train = built.pipelineStack.node.findChild('Train') as TrainStage;
    expect(Stack.of(train.training).resolve(train.modelArtifact.key)).toMatch(/^models\/[0-9a-f]{32}\/model\.tar\.gz$/);
    const staging = built.pipelineStack.node.findChild('Staging') as MlStage;
    expect(JSON.stringify(Template.fromStack(staging.endpoint).toJSON())).toContain(train.modelArtifact.key);
  });
});

describe('least privilege across the app', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
  const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
  // read-only IAM actions (Search: sagemaker:Search, access level Read, used by the Train step's tag query)
  const readOnly = (action: string) => /^[a-z0-9-]+:(Describe|Get|List|BatchGet|BatchCheck|Search$)/.test(action);

  // the repository's own single-region shape (cross-region replication makes CDK grant the
  // pipeline role KMS use on *, which is the pipeline's concern, not training's)
  test('no IAM statement grants a write action on *, except PutMetricData limited by its namespace and the approval-rule template calls (IAM has no resource type for them)', () => {
    const single = buildApp(testConfig({ stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'] }, { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], approval: true }] }), {}, { compliance: false });
    const stacks = single.app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
    const offending = stacks.flatMap((stack) => {
      const template = Template.fromStack(stack);
      const policies = { ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') };
      return Object.values(policies)
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
        .filter((s) => s.Effect === 'Allow' && list(s.Resource).includes('*'))
        .flatMap((s) => list(s.Action).filter((a) => !readOnly(a)).map((a) => `${stack.stackName}: ${a} ${JSON.stringify(s.Condition ?? {})}`));
    });
    expect([...new Set(offending)].sort()).toEqual([
      'tst-model-store: cloudwatch:PutMetricData {"StringEquals":{"cloudwatch:namespace":"/aws/sagemaker/TrainingJobs"}}',
      'tst-pipeline: codecommit:CreateApprovalRuleTemplate {}',
      'tst-pipeline: codecommit:DeleteApprovalRuleTemplate {}',
      'tst-pipeline: codecommit:UpdateApprovalRuleTemplateContent {}',
    ]);
  });
});

describe('a stage without gates', () => {
  test('has no smoke or latency action when its smoke test is off', () => {
    const off = testConfig({ stages: [{ name: 'Dev', account: '222222222222', regions: ['eu-west-1'], environment: 'development', smokeTest: { enabled: false } }] });
    const shape = pipelineShape(Template.fromStack(buildApp(off, {}, { compliance: false }).pipelineStack));
    expect(shape.find((s) => s.name === 'Dev')?.actions.map((a) => a.name)).toEqual(['tst-dev-network.Deploy', 'tst-dev-endpoint.Deploy']);
  });
});
