import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../pipeline/build-app';
import { testConfig } from '../helpers/test-config';

let template: Template;
let rules: Record<string, { EventPattern: { 'detail-type': string[]; detail: Record<string, unknown> }; Targets: { Arn: unknown }[] }>;

beforeAll(() => {
  template = Template.fromStack(buildApp(testConfig(), {}, { compliance: false }).pipelineStack);
  rules = Object.fromEntries(
    Object.entries(template.findResources('AWS::Events::Rule'))
      .filter(([, r]) => String(r.Properties.Description ?? '').startsWith('audit: '))
      .map(([id, r]) => [id.replace(/^AuditRules/, '').replace(/[A-F0-9]{8}$/, ''), r.Properties]),
  );
});

const topicId = () => {
  const topics = Object.entries(template.findResources('AWS::SNS::Topic')).filter(([, t]) => t.Properties.DisplayName === 'tst pipeline' || String(t.Properties.DisplayName).endsWith(' pipeline'));
  expect(topics).toHaveLength(1);
  return topics[0][0];
};

describe('audit rules', () => {
  test('there is one rule per audited call, each sending to the pipeline\'s encrypted topic', () => {
    expect(Object.keys(rules).sort()).toEqual(['BuildspecOverride', 'ManualStart', 'PutApprovalResult', 'StartWithSourceRevisions', 'UpdatePipeline']);
    const id = topicId();
    expect(template.toJSON().Resources[id].Properties.KmsMasterKeyId).toBeDefined();
    for (const rule of Object.values(rules)) {
      expect(rule.EventPattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
      expect(rule.Targets).toEqual([expect.objectContaining({ Arn: { Ref: id } })]);
    }
  });

  test('watch changes to the pipeline and answers to its approvals', () => {
    expect(rules.UpdatePipeline.EventPattern.detail).toEqual({ eventSource: ['codepipeline.amazonaws.com'], eventName: ['UpdatePipeline'], requestParameters: { pipeline: { name: ['tst-pipeline'] } } });
    expect(rules.PutApprovalResult.EventPattern.detail).toEqual({ eventSource: ['codepipeline.amazonaws.com'], eventName: ['PutApprovalResult'], requestParameters: { pipelineName: ['tst-pipeline'] } });
  });

  test('watch executions started by a person, and any start on chosen source revisions', () => {
    expect(rules.ManualStart.EventPattern.detail).toEqual({
      eventSource: ['codepipeline.amazonaws.com'],
      eventName: ['StartPipelineExecution'],
      requestParameters: { name: ['tst-pipeline'] },
      userIdentity: { invokedBy: [{ exists: false }] },
    });
    expect(rules.StartWithSourceRevisions.EventPattern.detail).toEqual({
      eventSource: ['codepipeline.amazonaws.com'],
      eventName: ['StartPipelineExecution'],
      requestParameters: { name: ['tst-pipeline'], sourceRevisions: [{ exists: true }] },
    });
  });

  test('watch builds started with a buildspec override, and say who made the call', () => {
    expect(rules.BuildspecOverride.EventPattern.detail).toEqual({ eventSource: ['codebuild.amazonaws.com'], eventName: ['StartBuild'], requestParameters: { buildspecOverride: [{ exists: true }] } });
    const transformer = (rules.BuildspecOverride.Targets[0] as unknown as { InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string } }).InputTransformer;
    expect(transformer.InputTemplate).toContain('audit: a CodeBuild build was started with a buildspec override');
    expect(Object.values(transformer.InputPathsMap)).toEqual(expect.arrayContaining(['$.detail.userIdentity.arn', '$.detail.eventTime', '$.detail.sourceIPAddress']));
  });

  test('the events service may publish to the topic and use its key for this account only', () => {
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy')).filter((p) => JSON.stringify(p.Properties.Topics).includes(topicId()));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Effect: string; Principal?: { Service?: unknown }; Condition?: unknown }[]);
    expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } })]));
    expect(statements).toEqual(
      expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Principal: { Service: ['codestar-notifications.amazonaws.com', 'events.amazonaws.com'] }, Condition: { StringNotEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })]),
    );
  });
});
