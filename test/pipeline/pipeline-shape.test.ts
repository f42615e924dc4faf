import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../pipeline/build-app';
import { buildSpecOf, pipelineProperties, pipelineShape } from '../helpers/pipeline-template';
import { baseDocument, testConfig } from '../helpers/test-config';

const TWO_STAGES = {
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'] },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'], approval: true, environment: 'production', notify: { emails: ['rm@example.com'] } },
  ],
};
const CONNECTION = 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f0e0d0c-0b0a-0908-0706-050403020100';

function templateOf(overrides: Record<string, unknown>, source?: Record<string, unknown>): Template {
  const base = source ? { ...baseDocument(), source } : baseDocument();
  return Template.fromStack(buildApp(testConfig(overrides, base), {}, { compliance: false }).pipelineStack);
}

describe('pipeline with a staging stage and a two-region production stage', () => {
  let template: Template;
  beforeAll(() => {
    template = templateOf(TWO_STAGES);
  });

  test('stages and actions run in order: source, synth, self-mutation, assets, training, then each stage', () => {
    expect(pipelineShape(template).map((s) => s.name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Train', 'Staging', 'Prod']);
    expect(pipelineShape(template).slice(0, 3).map((s) => s.actions.map((a) => a.name))).toEqual([['Source'], ['Synth'], ['SelfMutate']]);
    expect(pipelineShape(template).find((s) => s.name === 'Staging')?.actions.map((a) => [a.name, a.runOrder])).toEqual([
      ['tst-staging-network.Deploy', 1],
      ['tst-staging-endpoint.Deploy', 2],
      ['SmokeTest', 3],
      ['LatencyCheck', 4],
    ]);
  });

  test('the approval runs before production and the two regions deploy in parallel after it', () => {
    const prod = pipelineShape(template).find((s) => s.name === 'Prod');
    expect(prod?.actions.map((a) => [a.name, a.provider, a.runOrder])).toEqual([
      ['PromoteToProd', 'Manual', 1],
      ['Prod-eu-west-1.tst-prod-network.Deploy', 'CloudFormation', 2],
      ['Prod-eu-central-1.tst-prod-network.Deploy', 'CloudFormation', 2],
      ['Prod-eu-west-1.tst-prod-endpoint.Deploy', 'CloudFormation', 3],
      ['Prod-eu-central-1.tst-prod-endpoint.Deploy', 'CloudFormation', 3],
      ['Prod-eu-central-1.SmokeTest-eu-central-1', 'CodeBuild', 4],
      ['Prod-eu-west-1.SmokeTest-eu-west-1', 'CodeBuild', 4],
      ['Prod-eu-central-1.LatencyCheck-eu-central-1', 'CodeBuild', 5],
      ['Prod-eu-west-1.LatencyCheck-eu-west-1', 'CodeBuild', 5],
      ['MarkVersionsApproved', 'CodeBuild', 6],
    ]);
  });

  test('is a V2 pipeline with a deterministic name that restarts after self-mutation', () => {
    expect(pipelineProperties(template)).toMatchObject({ PipelineType: 'V2', Name: 'tst-pipeline', RestartExecutionOnUpdate: true });
  });

  test('stages in other accounts deploy through that account\'s bootstrap deploy role', () => {
    const stages = pipelineProperties(template).Stages as { Name: string; Actions: { RoleArn?: unknown; Configuration?: Record<string, unknown> }[] }[];
    const staging = JSON.stringify(stages.find((s) => s.Name === 'Staging')?.Actions[0].RoleArn);
    expect(staging).toContain(':iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-eu-west-1');
    const prod = JSON.stringify(stages.find((s) => s.Name === 'Prod')?.Actions.slice(1).map((a) => a.RoleArn));
    expect(prod).toContain('cdk-hnb659fds-deploy-role-333333333333-eu-west-1');
    expect(prod).toContain('cdk-hnb659fds-deploy-role-333333333333-eu-central-1');
  });

  test('the approval notifies a KMS-encrypted topic that the stage\'s release managers subscribe to', () => {
    const stages = pipelineProperties(template).Stages as { Name: string; Actions: { Name: string; Configuration?: Record<string, unknown> }[] }[];
    const approval = stages.find((s) => s.Name === 'Prod')?.Actions.find((a) => a.Name === 'PromoteToProd');
    expect(approval?.Configuration?.NotificationArn).toEqual({ Ref: 'ProdApprovalTopic5B4AECB2' });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': ['PipelineKeyE9E5BE1B', 'Arn'] }, DisplayName: 'Approvals for Prod' });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'rm@example.com', TopicArn: { Ref: 'ProdApprovalTopic5B4AECB2' } });
  });

  test('failures and pending approvals reach the pipeline topic through a notification rule', () => {
    template.hasResourceProperties('AWS::CodeStarNotifications::NotificationRule', {
      EventTypeIds: ['codepipeline-pipeline-pipeline-execution-failed', 'codepipeline-pipeline-manual-approval-needed', 'codepipeline-pipeline-manual-approval-failed'],
      Targets: [{ TargetType: 'SNS', TargetAddress: { Ref: 'PipelineTopic8D7FA7D9' } }],
    });
  });

  test('the synth step runs the synth buildspec and publishes unit tests to its report group', () => {
    const spec = buildSpecOf(template, 'tst-synth');
    expect(spec.phases).toEqual({
      install: { 'runtime-versions': { nodejs: 22 }, commands: ['npm ci --no-audit --no-fund --prefer-offline'] },
      build: {
        commands: ['npm run ci:checks || { npx mlpipe report cdk.out; exit 1; }', 'npx mlpipe report cdk.out'],
      },
    });
    // both reports go to report groups the stack defines (their ARNs are the keys)
    const reports = Object.values(spec.reports as Record<string, unknown>);
    expect(reports).toEqual([
      { 'base-directory': 'reports/unit', files: ['junit.xml'], 'file-format': 'JUNITXML' },
      { 'base-directory': 'reports/compliance', files: ['compliance.junit.xml'], 'file-format': 'JUNITXML' },
    ]);
    template.hasResourceProperties('AWS::CodeBuild::ReportGroup', { Name: 'tst-unit-tests', Type: 'TEST' });
    template.hasResourceProperties('AWS::CodeBuild::ReportGroup', { Name: 'tst-compliance', Type: 'TEST' });
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Name: 'tst-synth',
      Source: {
        BuildSpec: {
          'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': ['UnitTestReports89BD3595', 'Arn'] }, Match.stringLikeRegexp('.*'), { 'Fn::GetAtt': ['ComplianceReportsD320AE43', 'Arn'] }])],
        },
      },
    });
  });

  test('the synth step hands the compliance report on as a second output artifact', () => {
    const spec = buildSpecOf(template, 'tst-synth') as { artifacts?: { 'secondary-artifacts'?: Record<string, { 'base-directory': string }> } };
    const outputs = Object.values(spec.artifacts?.['secondary-artifacts'] ?? {}).map((a) => a['base-directory']);
    expect(outputs).toEqual(expect.arrayContaining(['cdk.out', 'reports/compliance']));
  });

  test('artifacts are encrypted with a rotating customer key and the pipeline uses them', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['ArtifactsKey26CFEE99', 'Arn'] } }, BucketKeyEnabled: true }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: 'ArtifactsAccessLogs4D97777C' }, LogFilePrefix: 'artifacts/' },
    });
    // two regions: one artifact store per region, the pipeline region's being ours
    expect(pipelineProperties(template).ArtifactStores).toEqual(
      expect.arrayContaining([expect.objectContaining({ Region: 'eu-west-1', ArtifactStore: expect.objectContaining({ Location: { Ref: 'ArtifactsBucket88671897' }, Type: 'S3' }) })]),
    );
  });

  test('stateful resources keep their logical ids', () => {
    const ids = (type: string) => Object.keys(template.findResources(type)).sort();
    expect(ids('AWS::S3::Bucket')).toEqual(['ArtifactsAccessLogs4D97777C', 'ArtifactsBucket88671897']);
    expect(ids('AWS::KMS::Key')).toEqual(['ArtifactsKey26CFEE99', 'PipelineKeyE9E5BE1B']);
    expect(ids('AWS::Logs::LogGroup')).toEqual(['BuildLogs3759266E', 'ConsoleRejectionsLogsFFF4FFD7', 'ReviewRuleHandlerLogs2A07E86F']);
    expect(ids('AWS::SQS::Queue')).toEqual(['ConsoleRejectionsDeadLetters79AF954C']);
    expect(ids('AWS::CodeBuild::ReportGroup')).toEqual(['ComplianceReportsD320AE43', 'PipelineModelGatesTrainingReports98A17AEB', 'UnitTestReports89BD3595']);
    expect(ids('AWS::CodeCommit::Repository')).toEqual(['Repository22E53BBD']);
  });

  test('get a managed policy to read the pipeline and answer exactly its approvals', () => {
    const pipelineArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':codepipeline:eu-west-1:111111111111:tst-pipeline']] };
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: 'tst-release-manager',
      PolicyDocument: {
        Statement: [
          {
            Sid: 'ReadPipeline',
            Effect: 'Allow',
            Action: ['codepipeline:GetPipelineState', 'codepipeline:GetPipelineExecution', 'codepipeline:ListPipelineExecutions', 'codepipeline:ListActionExecutions'],
            Resource: pipelineArn,
          },
          {
            Sid: 'AnswerApprovals',
            Effect: 'Allow',
            Action: 'codepipeline:PutApprovalResult',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':codepipeline:eu-west-1:111111111111:tst-pipeline/Prod/PromoteToProd']] },
          },
          {
            Sid: 'ReadAndRejectModelVersions',
            Effect: 'Allow',
            Action: ['sagemaker:DescribeModelPackage', 'sagemaker:UpdateModelPackage'],
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:eu-west-1:111111111111:model-package/tst-*']] },
          },
        ],
      },
    });
  });
});

describe('sources', () => {
  test('a CodeCommit source it defines is a CodeCommit action on the configured branch', () => {
    const template = templateOf({});
    template.hasResourceProperties('AWS::CodeCommit::Repository', { RepositoryName: 'test-repo' });
    const source = pipelineShape(template)[0];
    expect(source.actions).toEqual([{ name: 'Source', runOrder: 1, provider: 'CodeCommit' }]);
    expect(JSON.stringify(pipelineProperties(template).Stages)).toContain('"BranchName":"main"');
  });

  test('an imported CodeCommit repository is not defined by the stack', () => {
    const template = templateOf({ source: { create: false } });
    template.resourceCountIs('AWS::CodeCommit::Repository', 0);
    expect(JSON.stringify(pipelineProperties(template).Stages)).toContain('"RepositoryName":"test-repo"');
  });

  test('a GitHub source uses the connection and a push trigger filtered on branch and paths', () => {
    const template = templateOf({}, { kind: 'github', repository: 'my-org/repo', branch: 'release', connectionArn: CONNECTION, filePaths: { include: ['src/**'], exclude: ['docs/**'] } });
    const props = pipelineProperties(template);
    const action = (props.Stages as { Actions: { ActionTypeId: { Provider: string }; Configuration: Record<string, unknown> }[] }[])[0].Actions[0];
    expect(action.ActionTypeId.Provider).toBe('CodeStarSourceConnection');
    expect(action.Configuration).toMatchObject({ ConnectionArn: CONNECTION, FullRepositoryId: 'my-org/repo', BranchName: 'release' });
    expect(props.Triggers).toEqual([
      {
        ProviderType: 'CodeStarSourceConnection',
        GitConfiguration: {
          SourceActionName: 'Source',
          Push: [{ Branches: { Includes: ['release'] }, FilePaths: { Includes: ['src/**'], Excludes: ['docs/**'] } }],
        },
      },
    ]);
  });

  test('an S3 source reads the configured zip', () => {
    const template = templateOf({}, { kind: 's3', bucket: 'my-source-bucket', objectKey: 'app/source.zip' });
    const action = (pipelineProperties(template).Stages as { Actions: { ActionTypeId: { Provider: string }; Configuration: Record<string, unknown> }[] }[])[0].Actions[0];
    expect(action.ActionTypeId.Provider).toBe('S3');
    expect(action.Configuration).toMatchObject({ S3Bucket: 'my-source-bucket', S3ObjectKey: 'app/source.zip' });
  });
});
