import { readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HANDLER_FILE } from '../../pipeline/console-rejections';
import { buildApp } from '../../pipeline/build-app';
import { testConfig } from '../helpers/test-config';

const config = testConfig({
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'], approval: true, notify: { emails: ['qa@example.com'] } },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], approval: true, environment: 'production', notify: { emails: ['rm@example.com'] } },
  ],
});

const arn = (service: string, resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, resource]] });
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };

let template: Template;
/** the one resource of a type whose logical id is the construct path's (without the stack) and a hash. */
const logicalId = (type: string, path: string, from: Template = template): string => {
  const found = Object.keys(from.findResources(type)).filter((id) => new RegExp(`^${path}[0-9A-F]{8}$`).test(id));
  expect(found).toHaveLength(1);
  return found[0];
};

beforeAll(() => {
  template = Template.fromStack(buildApp(config, {}, { compliance: false }).pipelineStack);
});

describe('console rejections', () => {
  test('the rule watches only the FAILED state of the approval that promotes to production, in this pipeline', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((r) => r.Properties.Name === 'tst-registry-console-rejections');
    expect(rules).toHaveLength(1);
    expect(rules[0].Properties.EventPattern).toEqual({
      source: ['aws.codepipeline'],
      'detail-type': ['CodePipeline Action Execution State Change'],
      detail: { pipeline: ['tst-pipeline'], stage: ['Prod'], action: ['PromoteToProd'], state: ['FAILED'], type: { category: ['Approval'] } },
    });
  });

  test('the rule invokes the function, retrying, with a dead-letter queue', () => {
    const fn = logicalId('AWS::Lambda::Function', 'ConsoleRejectionsHandler');
    const queue = logicalId('AWS::SQS::Queue', 'ConsoleRejectionsDeadLetters');
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'tst-registry-console-rejections',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } }, RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] }, Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleRejectionsRule'), 'Arn'] } });
  });

  test('the function runs the committed handler inline on the latest Node.js runtime, configured with the pipeline and its production approvals', () => {
    const queue = logicalId('AWS::SQS::Queue', 'ConsoleRejectionsDeadLetters');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Code: { ZipFile: readFileSync(HANDLER_FILE, 'utf8') },
      Environment: { Variables: { PIPELINE_NAME: 'tst-pipeline', APPROVALS: '{"Prod":"PromoteToProd"}' } },
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queue, 'Arn'] } },
      ReservedConcurrentExecutions: 1,
    });
  });

  test('the log group and the dead-letter queue are encrypted with the pipeline key, the queue accepts TLS only', () => {
    const key = logicalId('AWS::KMS::Key', 'PipelineKey');
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [key, 'Arn'] }, RetentionInDays: 365 });
    const queue = logicalId('AWS::SQS::Queue', 'ConsoleRejectionsDeadLetters');
    template.hasResource('AWS::SQS::Queue', { Properties: { KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] }, MessageRetentionPeriod: 1209600 } });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('EventBridge may use the key only for this rule\'s dead letters', () => {
    const key = template.findResources('AWS::KMS::Key')[logicalId('AWS::KMS::Key', 'PipelineKey')];
    const statements = key.Properties.KeyPolicy.Statement as Statement[];
    // the construct states its own grant, narrower than any other the key may hold for EventBridge
    expect(statements.filter((s) => s.Sid === 'Dead letters of the console-rejection rule')).toEqual([
      {
        Sid: 'Dead letters of the console-rejection rule',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: '*',
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111111111111:rule/tst-registry-console-rejections']] } } },
      },
    ]);
  });

  test('the function may list this pipeline\'s action executions, read and update the project\'s versions, write its logs and dead letters, nothing else', () => {
    const policies = [template.findResources('AWS::IAM::ManagedPolicy')[logicalId('AWS::IAM::ManagedPolicy', 'ConsoleRejectionsPolicy')]];
    const logs = logicalId('AWS::Logs::LogGroup', 'ConsoleRejectionsLogs');
    const queue = logicalId('AWS::SQS::Queue', 'ConsoleRejectionsDeadLetters');
    const key = logicalId('AWS::KMS::Key', 'PipelineKey');
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Sid: 'ReadExecutionVersions', Effect: 'Allow', Action: 'codepipeline:ListActionExecutions', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':codepipeline:eu-west-1:111111111111:tst-pipeline']] } },
      { Sid: 'MarkVersionsRejected', Effect: 'Allow', Action: ['sagemaker:DescribeModelPackage', 'sagemaker:UpdateModelPackage'], Resource: arn('sagemaker', ':model-package/tst-*') },
      { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [{ 'Fn::GetAtt': [logs, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logs, 'Arn'] }, ':log-stream:*']] }] },
      { Sid: 'SendDeadLetters', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queue, 'Arn'] } },
      { Sid: 'EncryptDeadLetters', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [key, 'Arn'] } },
    ]);
    const role = logicalId('AWS::IAM::Role', 'ConsoleRejectionsRole');
    expect(policies[0].Properties.Roles).toEqual([{ Ref: role }]);
    // nothing else is attached to the function's role (no inline or AWS-managed policy)
    expect(template.findResources('AWS::IAM::Role')[role].Properties.ManagedPolicyArns).toBeUndefined();
    const inline = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(role));
    expect(inline).toEqual([]);
  });

  test('a pipeline without a production approval has no console-rejection resources', () => {
    const noProd = Template.fromStack(buildApp(testConfig(), {}, { compliance: false }).pipelineStack);
    expect(Object.keys(noProd.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('ConsoleRejections'))).toEqual([]);
    expect(Object.values(noProd.findResources('AWS::Events::Rule')).map((r) => r.Properties.Name)).not.toContain('tst-registry-console-rejections');
  });
});
