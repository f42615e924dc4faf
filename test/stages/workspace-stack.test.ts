import { Match, Template } from 'aws-cdk-lib/assertions';
import { ALICE, INGEST, logicalIdOf, statementsBySid, workspaceApp } from './workspace-test-app';

const studio = workspaceApp('studio');
const notebook = workspaceApp('notebook');

const serviceOf = (properties: Record<string, unknown>) => JSON.stringify(properties.ServiceName);

describe('workspace: a VpcOnly Studio domain', () => {
  test('runs every app in the private subnets of the training VPC, encrypted with the workspace key', () => {
    studio.workspace.hasResourceProperties('AWS::SageMaker::Domain', {
      DomainName: 'tst-workspace',
      AuthMode: 'IAM',
      AppNetworkAccessType: 'VpcOnly',
      VpcId: { 'Fn::ImportValue': Match.stringLikeRegexp('tst-training-network:ExportsOutputRefVpc') },
      SubnetIds: [Match.objectLike({ 'Fn::ImportValue': Match.anyValue() }), Match.objectLike({ 'Fn::ImportValue': Match.anyValue() })],
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkspaceKey'), 'Arn'] },
      DomainSettings: { ExecutionRoleIdentityConfig: 'USER_PROFILE_NAME', DockerSettings: { EnableDockerAccess: 'DISABLED' } },
    });
    studio.workspace.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('stops idle JupyterLab and Code Editor apps after the configured time, which users cannot raise', () => {
    studio.workspace.hasResourceProperties('AWS::SageMaker::Domain', {
      DefaultUserSettings: Match.objectLike({
        JupyterLabAppSettings: Match.objectLike({
          DefaultResourceSpec: Match.objectLike({ InstanceType: 'ml.t3.medium' }),
          AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'ENABLED', IdleTimeoutInMinutes: 90, MinIdleTimeoutInMinutes: 60, MaxIdleTimeoutInMinutes: 90 } },
        }),
        CodeEditorAppSettings: Match.objectLike({
          AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'ENABLED', IdleTimeoutInMinutes: 90, MinIdleTimeoutInMinutes: 60, MaxIdleTimeoutInMinutes: 90 } },
        }),
        SharingSettings: { NotebookOutputOption: 'Disabled' },
      }),
    });
  });

  test('sets the regional STS endpoint in every JupyterLab space (the global one is unreachable without internet)', () => {
    const configs = studio.workspace.findResources('AWS::SageMaker::StudioLifecycleConfig');
    const [config] = Object.values(configs);
    expect(config.Properties.StudioLifecycleConfigAppType).toBe('JupyterLab');
    expect(Buffer.from(config.Properties.StudioLifecycleConfigContent as string, 'base64').toString('utf8')).toContain('sts_regional_endpoints = regional');
  });

  test('gives the user a profile with their own execution role', () => {
    studio.workspace.hasResourceProperties('AWS::SageMaker::UserProfile', {
      UserProfileName: 'alice',
      UserSettings: { ExecutionRole: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AliceExecutionRole'), 'Arn'] }, SecurityGroups: Match.anyValue() },
    });
    studio.workspace.hasResourceProperties('AWS::IAM::Role', { RoleName: 'tst-ws-alice' });
  });

  test('adds the Studio endpoint to the training network, and no NAT or internet gateway', () => {
    expect(Object.values(studio.network.findResources('AWS::EC2::VPCEndpoint')).map((e) => serviceOf(e.Properties)).join(' ')).toContain('.studio');
    expect(studio.network.findResources('AWS::EC2::InternetGateway')).toEqual({});
    expect(studio.network.findResources('AWS::EC2::NatGateway')).toEqual({});
  });

  test('the user\'s identity may ask for a presigned Studio URL only through the SageMaker API or Studio endpoint', () => {
    studio.workspace.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'tst-ws-alice-open',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' })] },
    });
    const presign = statementsBySid(studio.workspace).PresignedUrlThroughVpcEndpoint;
    expect(presign.Action).toBe('sagemaker:CreatePresignedDomainUrl');
    const endpoints = presign.Condition?.StringEquals['aws:SourceVpce'] as unknown[];
    expect(JSON.stringify(endpoints)).toMatch(/SageMakerApi/);
    expect(JSON.stringify(endpoints)).toMatch(/WorkspaceEndpointsStudio/);
  });
});

describe('workspace: notebook instances', () => {
  test('have no direct internet access and no root, sit in a private subnet and encrypt their volume with the workspace key', () => {
    notebook.workspace.hasResourceProperties('AWS::SageMaker::NotebookInstance', {
      NotebookInstanceName: 'tst-ws-alice',
      DirectInternetAccess: 'Disabled',
      RootAccess: 'Disabled',
      SubnetId: { 'Fn::ImportValue': Match.stringLikeRegexp('Subnet') },
      KmsKeyId: { Ref: Match.stringLikeRegexp('^WorkspaceKey') },
      InstanceType: 'ml.t3.medium',
      VolumeSizeInGB: 5,
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AliceExecutionRole'), 'Arn'] },
    });
  });

  test('stop themselves after the configured idle time, calling SageMaker through the regional endpoints', () => {
    const id = logicalIdOf(notebook.workspace, 'AWS::SageMaker::NotebookInstanceLifecycleConfig', () => true);
    notebook.workspace.hasResourceProperties('AWS::SageMaker::NotebookInstance', { LifecycleConfigName: { 'Fn::GetAtt': [id, 'NotebookInstanceLifecycleConfigName'] } });
    const config = notebook.workspace.findResources('AWS::SageMaker::NotebookInstanceLifecycleConfig')[id];
    const script = Buffer.from(config.Properties.OnStart[0].Content as string, 'base64').toString('utf8');
    expect(script).toContain('LIMIT_SECONDS = 5400');
    expect(script).toContain('stop-notebook-instance');
    expect(script).toContain('/etc/cron.d/mlpipe-idle-stop');
    expect(script).toContain('sts_regional_endpoints = regional');
    expect(statementsBySid(notebook.workspace).StopSelfWhenIdle.Action).toEqual(['sagemaker:DescribeNotebookInstance', 'sagemaker:StopNotebookInstance']);
  });

  test('adds the notebook endpoint to the training network', () => {
    expect(Object.values(notebook.network.findResources('AWS::EC2::VPCEndpoint')).map((e) => serviceOf(e.Properties)).join(' ')).toContain('.notebook');
  });

  test('the open role asks for presigned URLs only through the VPC endpoints and may restart the stopped notebook', () => {
    const statements = statementsBySid(notebook.workspace);
    expect(statements.PresignedUrlThroughVpcEndpoint.Action).toBe('sagemaker:CreatePresignedNotebookInstanceUrl');
    expect(JSON.stringify(statements.PresignedUrlThroughVpcEndpoint.Condition)).toMatch(/aws:SourceVpce.*SageMakerApi.*WorkspaceEndpointsNotebook/);
    expect(statements.SeeAndStartOwnNotebook.Action).toContain('sagemaker:StartNotebookInstance');
  });
});

describe.each([
  ['studio', studio],
  ['notebook', notebook],
])('workspace execution role (%s)', (_kind, app) => {
  const statements = statementsBySid(app.workspace);

  test('reads the training data and writes only its own scratch prefix', () => {
    expect(JSON.stringify(statements.ReadTrainingData.Resource)).toContain('tst-training-data-111111111111-eu-west-1/*');
    expect(statements.ReadTrainingData.Action).toBe('s3:GetObject');
    expect(JSON.stringify(statements.WriteOwnScratchPrefix.Resource)).toContain('tst-training-data-111111111111-eu-west-1/workspace/alice/*');
    expect(statements.UseDataKeyThroughS3.Condition?.StringEquals['kms:ViaService']).toEqual({ 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] });
  });

  test('starts training jobs only in the training VPC, with network isolation, the data key, the allowed instance type and a bounded runtime', () => {
    const start = statements.StartTrainingInTrainingVpc;
    expect(start.Action).toBe('sagemaker:CreateTrainingJob');
    expect(JSON.stringify(start.Resource)).toContain('training-job/tst-ws-alice-*');
    const condition = start.Condition ?? {};
    expect(JSON.stringify(condition['ForAllValues:StringEquals']['sagemaker:VpcSubnets'])).toMatch(/tst-training-network:ExportsOutputRefVpcPrivateSubnet1/);
    expect(JSON.stringify(condition['ForAllValues:StringEquals']['sagemaker:VpcSecurityGroupIds'])).toMatch(/tst-training:ExportsOutputFnGetAttTrainingSecurityGroup/);
    expect(condition['ForAllValues:StringEquals']['sagemaker:InstanceTypes']).toEqual(['ml.m5.large']);
    expect(condition.Null).toEqual({ 'sagemaker:VpcSubnets': 'false', 'sagemaker:VpcSecurityGroupIds': 'false', 'sagemaker:VolumeKmsKey': 'false', 'sagemaker:OutputKmsKey': 'false' });
    expect(JSON.stringify(condition.ArnEquals)).toMatch(/sagemaker:VolumeKmsKey.*tst-model-store:ExportsOutputFnGetAttModelKey.*sagemaker:OutputKmsKey/);
    expect(condition.Bool).toEqual({ 'sagemaker:NetworkIsolation': 'true' });
    expect(condition.NumericLessThanEquals).toEqual({ 'sagemaker:MaxRuntimeInSeconds': 3600 });
    expect(statements.PassTrainingRole.Condition?.StringEquals).toEqual({ 'iam:PassedToService': 'sagemaker.amazonaws.com' });
  });

  test('is denied every endpoint, pipeline and stack change', () => {
    const deny = statements.NoEndpointPipelineOrStackChanges;
    expect(deny.Effect).toBe('Deny');
    expect(deny.Action).toEqual(expect.arrayContaining(['sagemaker:CreateEndpoint', 'sagemaker:UpdateEndpoint', 'sagemaker:CreatePipeline', 'codepipeline:*', 'cloudformation:*']));
  });

  test('grants no SageMaker endpoint or pipeline action anywhere', () => {
    const allowed = Object.values(statements).filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(allowed.filter((a) => /Endpoint|Pipeline|codepipeline|cloudformation/.test(a))).toEqual([]);
  });

  test('the training-data bucket denies data access that comes through neither VPC endpoint nor the ingestion role', () => {
    const policies = Object.values(app.store.findResources('AWS::S3::BucketPolicy')).filter((p) => JSON.stringify(p.Properties.Bucket).includes('TrainingData'));
    expect(policies).toHaveLength(1);
    const deny = (policies[0].Properties.PolicyDocument.Statement as { Sid?: string; Effect: string; Principal: unknown; Action: string[]; Condition: Record<string, Record<string, unknown>> }[]).find((s) => s.Sid === 'DenyDataAccessOutsideVpcEndpoints');
    expect(deny?.Effect).toBe('Deny');
    expect(deny?.Principal).toEqual({ AWS: '*' });
    expect(deny?.Action).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject']));
    expect(deny?.Condition.StringNotEquals['aws:SourceVpce']).toEqual([{ 'Fn::ImportValue': expect.stringMatching(/^tst-training-network:ExportsOutputRefVpcS3Endpoint/) }]);
    expect(JSON.stringify(deny?.Condition.ArnNotEquals['aws:PrincipalArn'])).toContain('IngestionRole');
    const tls = (policies[0].Properties.PolicyDocument.Statement as { Effect: string; Condition?: unknown }[]).find((s) => JSON.stringify(s.Condition ?? {}).includes('aws:SecureTransport'));
    expect(tls?.Effect).toBe('Deny');
  });
});

describe('the ingestion role', () => {
  test('is assumed by the configured principals and may only upload (no read, no delete)', () => {
    studio.store.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'tst-training-data-ingestion',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { AWS: INGEST } })] },
    });
    const upload = statementsBySid(studio.store).UploadTrainingData;
    expect(upload.Action).toEqual(['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']);
  });
});

describe('workspace with a network of its own', () => {
  const own = workspaceApp('notebook', { network: { cidr: '10.30.0.0/16', maxAzs: 2 } });

  test('deploys its own VPC with its own endpoints, and the training data accepts both VPCs\' S3 endpoints', () => {
    expect(own.workspaceNetwork).toBeDefined();
    own.workspaceNetwork?.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.30.0.0/16' });
    expect(Object.values(own.workspaceNetwork?.findResources('AWS::EC2::VPCEndpoint') ?? {}).map((e) => serviceOf(e.Properties)).join(' ')).toContain('.notebook');
    expect(Object.values(own.network.findResources('AWS::EC2::VPCEndpoint')).map((e) => serviceOf(e.Properties)).join(' ')).not.toContain('.notebook');
    const policy = Object.values(own.store.findResources('AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket).includes('TrainingData'));
    const text = JSON.stringify(policy?.Properties.PolicyDocument);
    expect(text).toMatch(/tst-training-network:ExportsOutputRefVpcS3Endpoint/);
    expect(text).toMatch(/tst-workspace-network:ExportsOutputRefVpcS3Endpoint/);
  });

  test('still forces training jobs into the training VPC, not its own', () => {
    const condition = statementsBySid(own.workspace).StartTrainingInTrainingVpc.Condition ?? {};
    expect(JSON.stringify(condition['ForAllValues:StringEquals']['sagemaker:VpcSubnets'])).toMatch(/tst-training-network:/);
    own.workspace.hasResourceProperties('AWS::SageMaker::NotebookInstance', { SubnetId: { 'Fn::ImportValue': Match.stringLikeRegexp('^tst-workspace-network:') } });
  });
});

describe('training jobs keep reading the training data', () => {
  test('through the S3 endpoint the bucket policy names: it routes the very subnets the training step launches jobs in', () => {
    const training = Template.fromStack(studio.stage.training);
    const subnetsOutput = JSON.stringify(training.toJSON().Outputs.TrainingSubnetIds.Value);
    const network = studio.network.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const privateSubnets = Object.entries(network).filter(([, r]) => r.Type === 'AWS::EC2::Subnet').map(([id]) => id);
    for (const id of privateSubnets) expect(subnetsOutput).toContain(`ExportsOutputRef${id}`);
    const [s3Id, s3] = Object.entries(network).find(([, r]) => r.Type === 'AWS::EC2::VPCEndpoint' && r.Properties.VpcEndpointType === 'Gateway') ?? [];
    const associations = Object.values(network).filter((r) => r.Type === 'AWS::EC2::SubnetRouteTableAssociation');
    const routeTablesOfSubnets = privateSubnets.map((id) => associations.find((a) => JSON.stringify(a.Properties.SubnetId) === JSON.stringify({ Ref: id }))?.Properties.RouteTableId);
    expect((s3?.Properties.RouteTableIds as unknown[]).map((r) => JSON.stringify(r)).sort()).toEqual(routeTablesOfSubnets.map((r) => JSON.stringify(r)).sort());
    const policy = Object.values(studio.store.findResources('AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket).includes('TrainingData'));
    expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain(`ExportsOutputRef${s3Id}`);
  });
});

describe('workspace stateful resources', () => {
  test('keep their logical ids (renaming one replaces the key, the domain and its home file system, or a notebook and its volume)', () => {
    const ids = (app: typeof studio, type: string) => Object.keys(app.workspace.findResources(type)).sort();
    expect(ids(studio, 'AWS::KMS::Key')).toEqual(['WorkspaceKey8B69B5FD']);
    expect(ids(studio, 'AWS::SageMaker::Domain')).toEqual(['Domain']);
    expect(ids(studio, 'AWS::SageMaker::UserProfile')).toEqual(['AliceProfile']);
    expect(ids(notebook, 'AWS::SageMaker::NotebookInstance')).toEqual(['AliceNotebook']);
    studio.workspace.hasResource('AWS::SageMaker::Domain', { DeletionPolicy: 'Retain' });
  });
});
