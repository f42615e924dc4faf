import { Match } from 'aws-cdk-lib/assertions';
import { endpointRoleArn } from '../../stages/constructs/model-readers';
import type { RenderedEndpoint } from './endpoint-test-app';
import { MODEL_ARTIFACT, onlyResource, renderEndpoints } from './endpoint-test-app';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };

const WRITE_PREFIXES = /^(s3|kms|ec2|logs|sagemaker|application-autoscaling|sns|cloudwatch):(Put|Create|Delete|Update|Register|Deregister|Encrypt|GenerateDataKey|Decrypt|ReEncrypt)/;

function statementsOf(rendered: RenderedEndpoint): Statement[] {
  const policies = Object.values(rendered.template.findResources('AWS::IAM::ManagedPolicy')) as { Properties: { PolicyDocument: { Statement: Statement[] } } }[];
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
}

function executionStatements(rendered: RenderedEndpoint): Record<string, Statement> {
  const role = Object.keys(rendered.template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' } })] } } }));
  const policy = Object.values(rendered.template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: role[0] }] } }))[0] as { Properties: { PolicyDocument: { Statement: Statement[] } } };
  return Object.fromEntries(policy.Properties.PolicyDocument.Statement.map((s) => [s.Sid ?? '', s]));
}

describe('endpoint kinds', () => {
  let r: Record<'Instance' | 'Serverless' | 'MultiModel' | 'Captured', RenderedEndpoint>;

  beforeAll(() => {
    r = renderEndpoints({
      Instance: { endpoint: { instance: { instanceType: 'ml.c5.xlarge', initialInstanceCount: 3 } } },
      Serverless: { endpoint: { kind: 'serverless', serverless: { memorySizeMb: 3072, maxConcurrency: 10, provisionedConcurrency: 2 } } },
      MultiModel: { endpoint: { kind: 'multiModel', multiModel: { modelCache: false } } },
      Captured: { endpoint: { dataCapture: { enabled: true, samplingPercent: 35, captureResponse: false, retentionDays: 14 }, scaling: { targetTracking: { targetValue: 70 } } } },
    });
  });

  test('a real-time endpoint runs the serving image and this commit\'s model in the VPC with network isolation', () => {
    const { resource } = onlyResource(r.Instance.template, 'AWS::SageMaker::Model');
    expect(resource.Properties).toMatchObject({
      EnableNetworkIsolation: true,
      PrimaryContainer: {
        Mode: 'SingleModel',
        ModelDataUrl: `s3://${MODEL_ARTIFACT.bucketName}/${MODEL_ARTIFACT.key}`,
        Image: { 'Fn::Sub': expect.stringMatching(/cdk-hnb659fds-container-assets-222222222222-eu-west-1:[0-9a-f]{64}$/) },
      },
      VpcConfig: { Subnets: [expect.anything(), expect.anything()], SecurityGroupIds: [{ 'Fn::GetAtt': [expect.stringMatching(/^ModelSecurityGroup/), 'GroupId'] }] },
    });
  });

  test('the container learns where it runs, so it refuses answers InvokeEndpoint would not deliver (6 MB real-time, 4 MB serverless)', () => {
    const environmentOf = (rendered: RenderedEndpoint) => (onlyResource(rendered.template, 'AWS::SageMaker::Model').resource.Properties.PrimaryContainer as { Environment?: unknown }).Environment;
    expect(environmentOf(r.Instance)).toEqual({ SERVING_ENDPOINT_TYPE: 'real-time' });
    expect(environmentOf(r.MultiModel)).toEqual({ SERVING_ENDPOINT_TYPE: 'real-time' });
    expect(environmentOf(r.Serverless)).toEqual({ SERVING_ENDPOINT_TYPE: 'serverless' });
  });

  test('the model security group allows nothing in and only HTTPS out', () => {
    r.Instance.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() }],
      SecurityGroupIngress: Match.absent(),
    });
  });

  test('a real-time endpoint config has one KMS-encrypted instance variant named primary', () => {
    const { resource } = onlyResource(r.Instance.template, 'AWS::SageMaker::EndpointConfig');
    expect(resource.Properties).toMatchObject({
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^EndpointKey/), 'Arn'] },
      ProductionVariants: [
        { VariantName: 'primary', InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 3, InitialVariantWeight: 1, ModelDataDownloadTimeoutInSeconds: 600, ContainerStartupHealthCheckTimeoutInSeconds: 600 },
      ],
    });
    expect(resource.Properties.DataCaptureConfig).toBeUndefined();
  });

  test('the endpoint has the stage\'s name and uses the generated config', () => {
    r.Instance.template.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: 'tst-instance', EndpointConfigName: { 'Fn::GetAtt': ['EndpointConfig', 'EndpointConfigName'] } });
  });

  test('every key rotates yearly', () => {
    for (const rendered of Object.values(r)) {
      rendered.template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365 });
    }
  });

  test('a serverless endpoint has memory, concurrency and provisioned concurrency, and no VPC', () => {
    const config = onlyResource(r.Serverless.template, 'AWS::SageMaker::EndpointConfig').resource.Properties;
    expect(config.ProductionVariants).toEqual([
      { VariantName: 'primary', ModelName: Match.anyValue(), InitialVariantWeight: 1, ServerlessConfig: { MemorySizeInMB: 3072, MaxConcurrency: 10, ProvisionedConcurrency: 2 } },
    ].map((v) => expect.objectContaining({ ...v, ModelName: expect.anything() })));
    expect(config.KmsKeyId).toBeDefined();
    const model = onlyResource(r.Serverless.template, 'AWS::SageMaker::Model').resource.Properties;
    expect(model.VpcConfig).toBeUndefined();
    expect(model.EnableNetworkIsolation).toBeUndefined();
    r.Serverless.template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
  });

  test('a serverless endpoint has no deployment guardrails (SageMaker supports them on instance endpoints)', () => {
    const endpoint = onlyResource(r.Serverless.template, 'AWS::SageMaker::Endpoint').resource.Properties;
    expect(endpoint.DeploymentConfig).toBeUndefined();
  });

  test('a multi-model endpoint serves the models prefix in MultiModel mode', () => {
    const { resource } = onlyResource(r.MultiModel.template, 'AWS::SageMaker::Model');
    expect(resource.Properties.PrimaryContainer).toMatchObject({
      Mode: 'MultiModel',
      ModelDataUrl: `s3://${MODEL_ARTIFACT.bucketName}/${MODEL_ARTIFACT.prefix}`,
      MultiModelConfig: { ModelCacheSetting: 'Disabled' },
    });
  });

  test('the execution role reads exactly the model folder, or the models prefix for multi-model', () => {
    expect(executionStatements(r.Instance).ReadModel).toEqual({ Sid: 'ReadModel', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${MODEL_ARTIFACT.bucketName}/models/0123abcd/*` });
    expect(executionStatements(r.MultiModel).ReadModel.Resource).toBe(`arn:aws:s3:::${MODEL_ARTIFACT.bucketName}/models/*`);
  });

  test('the execution role pulls only the serving repository and decrypts only through S3 for the model', () => {
    const s = executionStatements(r.Instance);
    expect(s.PullServingImage.Resource).toBe('arn:aws:ecr:eu-west-1:222222222222:repository/cdk-hnb659fds-container-assets-222222222222-eu-west-1');
    expect(s.DecryptModelThroughS3).toMatchObject({
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:eu-west-1:111111111111:key/*',
      Condition: {
        StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [`arn:aws:s3:::${MODEL_ARTIFACT.bucketName}`, `arn:aws:s3:::${MODEL_ARTIFACT.bucketName}/models/0123abcd/*`] },
      },
    });
    expect(s.EcrLogin).toMatchObject({ Action: 'ecr:GetAuthorizationToken', Resource: '*' });
  });

  test('the execution role has the exact name the model store admits', () => {
    const name = 'tst-instance-endpoint-model';
    r.Instance.template.hasResourceProperties('AWS::IAM::Role', { RoleName: name, AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' } })] }) });
    expect(endpointRoleArn('tst', 'Instance', '222222222222').split(':role/')[1]).toBe(name);
  });

  test('only instance endpoints may manage network interfaces, and only in the stage subnets', () => {
    const s = executionStatements(r.Instance);
    expect(s.ManageOwnInterfaces.Condition).toEqual({ ArnEquals: { 'ec2:Subnet': [expect.anything(), expect.anything()] } });
    expect(executionStatements(r.Serverless).ManageOwnInterfaces).toBeUndefined();
  });

  test('no policy allows a write action on every resource', () => {
    for (const rendered of Object.values(r)) {
      for (const statement of statementsOf(rendered)) {
        const actions = ([] as string[]).concat(statement.Action);
        const everything = statement.Resource === '*' || (Array.isArray(statement.Resource) && statement.Resource.includes('*'));
        if (everything) expect(actions.filter((a) => WRITE_PREFIXES.test(a))).toEqual([]);
      }
    }
  });

  test('the scale-up handoff may only touch SageMaker variant instance-count targets and this endpoint', () => {
    const statements = Object.fromEntries(statementsOf(r.Captured).map((st) => [st.Sid ?? '', st]));
    expect(statements.HandOffVariantTargets).toMatchObject({
      Resource: 'arn:aws:application-autoscaling:eu-west-1:222222222222:scalable-target/*',
      Condition: { StringEquals: { 'application-autoscaling:service-namespace': 'sagemaker', 'application-autoscaling:scalable-dimension': 'sagemaker:variant:DesiredInstanceCount' } },
    });
    expect(statements.ReadEndpoint.Resource).toBe('arn:aws:sagemaker:eu-west-1:222222222222:endpoint/tst-captured');
  });

  test('the roles carry no inline policies', () => {
    for (const rendered of Object.values(r)) rendered.template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('data capture samples, encrypts and writes to its own private bucket', () => {
    const config = onlyResource(r.Captured.template, 'AWS::SageMaker::EndpointConfig').resource.Properties;
    expect(config.DataCaptureConfig).toEqual({
      EnableCapture: true,
      InitialSamplingPercentage: 35,
      CaptureOptions: [{ CaptureMode: 'Input' }],
      DestinationS3Uri: { 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^DataCaptureBucket/) }, '/capture']] },
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^EndpointKey/), 'Arn'] },
    });
  });

  test('the capture bucket is KMS-encrypted, private, TLS-only, logged and expires', () => {
    const t = r.Captured.template;
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() }, BucketKeyEnabled: true }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'capture/' },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 14, Status: 'Enabled' })] },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    expect(executionStatements(r.Captured).WriteCapturedData.Action).toBe('s3:PutObject');
  });

  test('the alarm topic and any log group are KMS-encrypted', () => {
    for (const rendered of Object.values(r)) {
      rendered.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('EndpointKey'), 'Arn'] } });
      const groups = Object.values(rendered.template.findResources('AWS::Logs::LogGroup')) as { Properties: { KmsKeyId?: unknown } }[];
      for (const group of groups) expect(group.Properties.KmsKeyId).toBeDefined();
    }
  });

  test('the stack outputs the endpoint name, dashboard and topic, and is tagged with its environment', () => {
    const outputs = r.Instance.template.findOutputs('*');
    expect(outputs.EndpointName.Value).toBe('tst-instance');
    expect(outputs.DashboardName.Value).toEqual({ Ref: expect.stringMatching(/^Dashboard/) });
    expect(outputs.AlarmTopicArn.Value).toEqual({ Ref: expect.stringMatching(/^AlarmTopic/) });
    expect(r.Instance.stack.tags.tagValues()['mlpipe:environment']).toBe('staging');
  });
});
