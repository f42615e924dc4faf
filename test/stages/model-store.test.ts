import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TrainStage } from '../../stages/train-stage';
import { testConfig } from '../helpers/test-config';

const config = testConfig({
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'] },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'] },
  ],
});

let stage: TrainStage;
let store: Template;
let training: Template;

beforeAll(() => {
  const app = new App();
  stage = new TrainStage(app, 'Train', { config });
  store = Template.fromStack(stage.modelStore);
  training = Template.fromStack(stage.training);
});

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** every Allow statement of every IAM policy (inline, managed) in a template. */
function iamStatements(template: Template): Statement[] {
  const policies = { ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') };
  return Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as Statement[]).filter((s) => s.Effect === 'Allow'));
}

/** actions that only read or describe (no write on `*` is allowed). */
const isReadOnly = (action: string) => /^[a-z0-9]+:(Describe|Get|List|BatchGet|BatchCheck)/.test(action);

describe('ModelStoreStack', () => {
  test('keeps the logical ids of its stateful resources (renaming one replaces data)', () => {
    const ids = (type: string) => Object.keys(store.findResources(type)).sort();
    expect(ids('AWS::KMS::Key')).toEqual(['ModelKey1E003194']);
    expect(ids('AWS::S3::Bucket')).toEqual(['AccessLogs8B620ECA', 'ModelsC55D3500', 'TrainingData3FDB6D34']);
    expect(ids('AWS::IAM::Role')).toEqual(['TrainingRoleA2F7D4DF']);
  });

  test('is named after the project and protected from deletion', () => {
    expect(stage.modelStore.stackName).toBe('tst-model-store');
    expect(stage.modelStore.terminationProtection).toBe(true);
  });

  test('encrypts with a rotating customer key that is retained', () => {
    store.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('the models bucket is named deterministically, versioned, private, KMS-encrypted and logged', () => {
    store.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'tst-models-111111111111-eu-west-1',
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() }, BucketKeyEnabled: true }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: 'AccessLogs8B620ECA' }, LogFilePrefix: 'models/' },
    });
  });

  test('expires old checkpoints and job outputs, never current models', () => {
    store.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'tst-models-111111111111-eu-west-1',
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'ExpireCheckpoints', Prefix: 'checkpoints/', ExpirationInDays: 30, Status: 'Enabled' }),
          Match.objectLike({ Id: 'ExpireJobOutputs', Prefix: 'jobs/', ExpirationInDays: 30 }),
          Match.objectLike({ Id: 'ExpireOldModelVersions', Prefix: 'models/', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
        ]),
      },
    });
    const rules = JSON.stringify(store.findResources('AWS::S3::Bucket', { Properties: { BucketName: 'tst-models-111111111111-eu-west-1' } }));
    expect(rules).not.toMatch(/"Prefix":"models\/","ExpirationInDays"/);
  });

  test('denies requests without TLS on both data buckets', () => {
    const policies = store.findResources('AWS::S3::BucketPolicy');
    const tlsDenies = Object.values(policies).filter((p) => JSON.stringify(p).includes('"aws:SecureTransport":"false"'));
    expect(tlsDenies).toHaveLength(3);
  });

  test('lets each stage account\'s endpoint role, by its exact ARN, get models and nothing else', () => {
    store.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ReadModelsStaging222222222222',
            Effect: 'Allow',
            Principal: { AWS: Match.anyValue() },
            Action: 's3:GetObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['ModelsC55D3500', 'Arn'] }, '/models/*']] },
            Condition: { ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:role/tst-staging-endpoint-model']] } } },
          }),
        ]),
      },
    });
    const crossAccount = JSON.stringify(store.findResources('AWS::S3::BucketPolicy')).match(/ReadModels\w+/g);
    expect(crossAccount?.sort()).toEqual(['ReadModelsProd333333333333', 'ReadModelsStaging222222222222']);
  });

  test('lets the endpoint roles decrypt models only through S3 in the tooling region, for objects under models/ of this bucket', () => {
    store.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DecryptModelsProd333333333333',
            Action: 'kms:Decrypt',
            Condition: {
              ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::333333333333:role/tst-prod-endpoint-model']] } },
              StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
              StringLike: {
                'kms:EncryptionContext:aws:s3:arn': [
                  { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::tst-models-111111111111-eu-west-1']] },
                  { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::tst-models-111111111111-eu-west-1/models/*']] },
                ],
              },
            },
          }),
        ]),
      },
    });
  });

  test('the training role trusts SageMaker of this account only and has a managed policy, no inline one', () => {
    store.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'tst-training-execution',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })] },
    });
    store.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('the training role writes only job outputs and checkpoints in the models bucket', () => {
    store.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'WriteOutputsAndCheckpoints',
            Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
            Resource: [
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['ModelsC55D3500', 'Arn'] }, '/jobs/*']] },
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['ModelsC55D3500', 'Arn'] }, '/checkpoints/*']] },
            ],
          }),
        ]),
      },
    });
  });
});

describe('TrainingStack', () => {
  test('outputs the names the training step reads', () => {
    expect(Object.keys(training.findOutputs('*')).sort()).toEqual(['ModelKey', 'ModelKeys', 'ServingImageUri', 'SourceArchives', 'TrainingImageUri', 'TrainingSecurityGroupId', 'TrainingSubnetIds']);
    expect(Object.keys(store.findOutputs('*')).sort()).toEqual(['ModelKeyArn', 'ModelsBucketName', 'TrainingDataBucketName', 'TrainingRoleArn']);
  });

  test('outputs the content-addressed model key the endpoints reference', () => {
    expect(stage.modelArtifact).toEqual({
      bucketName: 'tst-models-111111111111-eu-west-1',
      region: 'eu-west-1',
      key: expect.stringMatching(/^models\/[0-9a-f]{32}\/model\.tar\.gz$/),
      prefix: 'models/',
      models: { default: stage.modelArtifact.key },
    });
    training.hasOutput('ModelKey', { Value: stage.modelArtifact.key });
    training.hasOutput('ModelKeys', { Value: JSON.stringify({ default: stage.modelArtifact.key }) });
  });

  test('lets training instances reach each other and nothing else in', () => {
    const ingress = Object.values(training.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties).toMatchObject({ IpProtocol: '-1', GroupId: { 'Fn::GetAtt': ['TrainingSecurityGroup8F11F539', 'GroupId'] }, SourceSecurityGroupId: { 'Fn::GetAtt': ['TrainingSecurityGroup8F11F539', 'GroupId'] } });
    expect(JSON.stringify(training.findResources('AWS::EC2::SecurityGroup'))).not.toContain('SecurityGroupIngress');
  });

  test('lets the training role pull only the training image repository and create ENIs only in the training subnets', () => {
    training.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: ['tst-training-execution'],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'CreateTrainingEnis', Action: 'ec2:CreateNetworkInterface' }),
          Match.objectLike({ Sid: 'PullTrainingImage', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] }),
        ]),
      },
    });
  });

  test('no IAM statement of the Train stage grants a write action on *', () => {
    const stacks = [store, training, Template.fromStack(stage.network)];
    const offending = stacks
      .flatMap(iamStatements)
      .filter((s) => list(s.Resource).includes('*'))
      .flatMap((s) => list(s.Action).filter((a) => !isReadOnly(a)).map((a) => ({ action: a, condition: s.Condition })));
    // PutMetricData has no resource type; it is allowed only with its namespace condition
    expect(offending).toEqual([{ action: 'cloudwatch:PutMetricData', condition: { StringEquals: { 'cloudwatch:namespace': '/aws/sagemaker/TrainingJobs' } } }]);
  });
});
