import { App } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../pipeline/build-app';
import type { MlStage } from '../../stages/ml-stage';
import { NetworkStack } from '../../stages/network-stack';
import type { TrainStage } from '../../stages/train-stage';
import type { EvaluatedStatement } from '../helpers/policy-evaluator';
import { evaluate, resolveCfn } from '../helpers/policy-evaluator';
import { testConfig } from '../helpers/test-config';
import { cdkJsonContext } from './endpoint-test-app';

/** the grants issue 18's review narrowed, as synthesized with the feature flags of cdk.json. */
const config = testConfig({
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'] },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], approval: true, environment: 'production' },
  ],
});

let pipeline: Template;
let train: TrainStage;
let staging: MlStage;

beforeAll(() => {
  const built = buildApp(config, { context: cdkJsonContext() }, { compliance: false });
  pipeline = Template.fromStack(built.pipelineStack);
  train = built.pipelineStack.node.findChild('Train') as TrainStage;
  staging = built.pipelineStack.node.findChild('Staging') as MlStage;
});

type Doc = { Statement: EvaluatedStatement[] };
/** the Staging network (this config's Staging serves from instances, in a VPC) */
function stagingNetwork(): Stack {
  if (!staging.network) throw new Error('the Staging stage has no network stack: its endpoint must be an instance endpoint for these tests');
  return staging.network;
}
const values = (account: string) => ({ account, region: 'eu-west-1' });

describe('VPC endpoint policies of the network stacks', () => {
  let network: Template;
  const endpoints = (type: string) => Object.values(network.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: type } }));
  beforeAll(() => {
    network = Template.fromStack(stagingNetwork());
  });

  test('the S3 gateway endpoint reaches this account\'s buckets, the tooling models bucket read-only and ECR\'s layer bucket, nothing else', () => {
    const [gateway] = endpoints('Gateway');
    const policy = (resolveCfn(gateway.Properties.PolicyDocument, values('222222222222')) as Doc).Statement;
    const request = (action: string, resource: string, resourceAccount: string) => ({ principalArn: 'arn:aws:iam::222222222222:role/x', action, resource, context: { 'aws:ResourceAccount': resourceAccount } });
    expect(evaluate(policy, request('s3:GetObject', 'arn:aws:s3:::tst-models-111111111111-eu-west-1/models/m/model.tar.gz', '111111111111'))).toBe('allow');
    expect(evaluate(policy, request('s3:PutObject', 'arn:aws:s3:::tst-models-111111111111-eu-west-1/models/m/model.tar.gz', '111111111111'))).toBe('implicit-deny');
    expect(evaluate(policy, request('s3:PutObject', 'arn:aws:s3:::capture-bucket/capture/x', '222222222222'))).toBe('allow');
    expect(evaluate(policy, request('s3:GetObject', 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/layer', '999999999999'))).toBe('allow');
    expect(evaluate(policy, request('s3:PutObject', 'arn:aws:s3:::attacker-bucket/exfiltrated', '999999999999'))).toBe('implicit-deny');
    expect(evaluate(policy, request('s3:GetObject', 'arn:aws:s3:::prod-us-east-1-starport-layer-bucket/layer', '999999999999'))).toBe('implicit-deny');
  });

  test('every interface endpoint admits principals of this account only', () => {
    const interfaces = endpoints('Interface');
    expect(interfaces).toHaveLength(7);
    for (const endpoint of interfaces) {
      const policy = (resolveCfn(endpoint.Properties.PolicyDocument, values('222222222222')) as Doc).Statement;
      const call = (principalAccount: string) => ({ principalArn: `arn:aws:iam::${principalAccount}:role/x`, action: 'sagemaker:InvokeEndpoint', resource: '*', context: { 'aws:PrincipalAccount': principalAccount } });
      expect(evaluate(policy, call('222222222222'))).toBe('allow');
      expect(evaluate(policy, call('999999999999'))).toBe('implicit-deny');
    }
  });

  test('a network stack without named buckets still admits only its own account and ECR', () => {
    const stack = new NetworkStack(new App(), 'Net', { env: { account: '111111111111', region: 'eu-west-1' }, network: config.stages[0].network, namePrefix: 'tst-net' });
    const [gateway] = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }));
    expect((gateway.Properties.PolicyDocument as Doc).Statement.map((s) => s.Sid)).toEqual(['OwnAccountBuckets', 'EcrImageLayers']);
  });
});

describe('confused-deputy conditions on service principals', () => {
  test.each([
    ['the pipeline stack', () => pipeline, '111111111111'],
    ['a stage network', () => Template.fromStack(stagingNetwork()), '222222222222'],
    ['a stage endpoint', () => Template.fromStack(staging.endpoint), '222222222222'],
    ['the training network', () => Template.fromStack(train.network), '111111111111'],
  ])('no service may use a key of %s on behalf of another account', (_name, template, account) => {
    const keys = Object.values(template().findResources('AWS::KMS::Key'));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const policy = (resolveCfn(key.Properties.KeyPolicy, values(account)) as Doc).Statement;
      const services = [...new Set(policy.flatMap((st) => [(st.Principal as { Service?: string | string[] } | undefined)?.Service ?? []].flat()))];
      for (const service of services) {
        const use = (sourceAccount: string, logGroupAccount: string) => ({
          principalArn: service,
          action: 'kms:GenerateDataKey',
          resource: '*',
          context: { 'aws:SourceAccount': sourceAccount, 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${logGroupAccount}:log-group:g` },
        });
        expect([service, evaluate(policy, use(account, account))]).toEqual([service, 'allow']);
        expect([service, evaluate(policy, use('999999999999', '999999999999'))]).toEqual([service, expect.stringMatching(/deny/)]);
      }
    }
  });

  test('the pipeline\'s topics refuse publishes by the notification and events services for another account', () => {
    const topicPolicies = Object.values(pipeline.findResources('AWS::SNS::TopicPolicy'));
    expect(topicPolicies.length).toBeGreaterThanOrEqual(2);
    const attributes = Object.fromEntries(Object.keys(pipeline.findResources('AWS::SNS::Topic')).map((id) => [id, 'topic']));
    for (const policy of topicPolicies) {
      const statements = (resolveCfn(policy.Properties.PolicyDocument, { ...values('111111111111'), attributes }) as Doc).Statement;
      const publish = (sourceAccount: string) => ({ principalArn: 'codestar-notifications.amazonaws.com', action: 'sns:Publish', resource: 'topic', context: { 'aws:SourceAccount': sourceAccount, 'aws:SecureTransport': 'true' } });
      expect(evaluate(statements, publish('999999999999'))).toBe('explicit-deny');
      expect(evaluate(statements, publish('111111111111'))).not.toBe('explicit-deny');
    }
  });

  test('the endpoint role trusts SageMaker only on behalf of the stage account', () => {
    Template.fromStack(staging.endpoint).hasResourceProperties('AWS::IAM::Role', {
      RoleName: Match.stringLikeRegexp('-endpoint-'),
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } } })] },
    });
  });
});

describe('training and log buckets', () => {
  test('the training role may delete and share network interfaces only in the training subnets', () => {
    Template.fromStack(train.training).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'ManageTrainingEnis', Condition: { ArnEquals: { 'ec2:Subnet': Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.anyValue() })]) } } }),
        ]),
      },
    });
  });

  test.each([
    ['the model store', () => Template.fromStack(train.modelStore)],
    ['the pipeline', () => pipeline],
  ])('the access-log buckets of %s disable ACLs (BucketOwnerEnforced) and admit log delivery by policy', (_name, template) => {
    const t = template();
    const logBuckets = Object.entries(t.findResources('AWS::S3::Bucket')).filter(([, b]) => b.Properties.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm === 'AES256');
    expect(logBuckets.length).toBeGreaterThan(0);
    for (const [id, bucket] of logBuckets) {
      expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(bucket.Properties.AccessControl).toBeUndefined();
      t.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logging.s3.amazonaws.com' }, Condition: Match.objectLike({ StringEquals: Match.objectLike({ 'aws:SourceAccount': Match.anyValue() }) }) })]) },
      });
    }
  });

  test.each([
    ['the endpoint\'s', () => Template.fromStack(staging.endpoint), '/aws/sagemaker/Endpoints/tst-staging'],
    ['the training jobs\'', () => Template.fromStack(train.modelStore), '/aws/sagemaker/TrainingJobs'],
  ])('%s log group is ours: encrypted with the stack\'s key, kept a year, retained, and the role cannot create it', (_name, template, logGroupName) => {
    const t = template();
    t.hasResource('AWS::Logs::LogGroup', { Properties: { LogGroupName: logGroupName, RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } }, DeletionPolicy: 'Retain' });
    const actions = Object.values(t.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) => [st.Action].flat()));
    expect(actions).toContain('logs:PutLogEvents');
    expect(actions).not.toContain('logs:CreateLogGroup');
  });

  test('the endpoint is created after its log group', () => {
    const t = Template.fromStack(staging.endpoint);
    const [groupId] = Object.keys(t.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/aws/sagemaker/Endpoints/tst-staging' } }));
    const [endpoint] = Object.values(t.findResources('AWS::SageMaker::Endpoint'));
    expect(endpoint.DependsOn).toContain(groupId);
  });
});
