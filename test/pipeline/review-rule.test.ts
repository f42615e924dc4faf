import { Match, Template } from 'aws-cdk-lib/assertions';
import { formatProblem } from '../../config';
import { resolveConfig } from '../../config/resolve-config';
import { buildApp } from '../../pipeline/build-app';
import { baseDocument, testConfig } from '../helpers/test-config';

/**
 * a CodeCommit repository the pipeline stack creates gets an approval-rule template on the
 * pipeline's branch, associated with it, through SDK-call custom resources with a role scoped to
 * exactly those calls.
 */
const github = { kind: 'github', repository: 'my-org/repo', branch: 'main', connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f0e0d0c-0b0a-0908-0706-050403020100' };

let template: Template;
let custom: Template;

const synth = (overrides: Record<string, unknown> = {}) => Template.fromStack(buildApp(testConfig(overrides), {}, { compliance: false }).pipelineStack);

/** a custom resource property as text: Fn::Join parts joined, a GetAtt written `<Logical.Attr>`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(text).join(join[0]);
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt) return `<${getAtt[0].replace(/[A-F0-9]{8}$/, '')}.${getAtt[1]}>`;
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

/** the SDK call of a custom resource of a type on a CloudFormation event. */
function call(t: Template, type: string, event: 'Create' | 'Update' | 'Delete'): Record<string, unknown> | undefined {
  const resources = Object.values(t.findResources(type));
  expect(resources).toHaveLength(1);
  const raw = resources[0].Properties[event] as unknown;
  return raw === undefined ? undefined : (JSON.parse(text(raw)) as Record<string, unknown>);
}

/** the logical id of the custom resources' handler role. */
function handlerRoleId(): string {
  const ids = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith('ReviewRuleHandlerRole'));
  expect(ids).toHaveLength(1);
  return ids[0];
}

const content = (pool: string[], approvals: number) => ({
  Version: '2018-11-08',
  DestinationReferences: ['refs/heads/main'],
  Statements: [{ Type: 'Approvers', NumberOfApprovalsNeeded: approvals, ApprovalPoolMembers: pool }],
});

beforeAll(() => {
  template = synth();
  custom = synth({ source: { branch: 'release/1', reviewers: ['arn:aws:sts::111111111111:assumed-role/ml-leads/*', 'arn:aws:iam::111111111111:user/alice'], approvalsNeeded: 2 } });
});

describe('review rule of a created CodeCommit repository', () => {
  test('creates the template on the branch with the default reviewers\' role, one approval needed', () => {
    const create = call(template, 'Custom::CodeCommitApprovalRuleTemplate', 'Create');
    expect(create).toEqual({
      service: 'CodeCommit',
      action: 'createApprovalRuleTemplate',
      parameters: {
        approvalRuleTemplateName: 'tst-pipeline-review',
        approvalRuleTemplateDescription: 'pull requests into main need a review by someone other than their author',
        approvalRuleTemplateContent: expect.any(String),
      },
      physicalResourceId: { id: 'tst-pipeline-review' },
    });
    const parameters = create?.parameters as { approvalRuleTemplateContent: string };
    expect(JSON.parse(parameters.approvalRuleTemplateContent)).toEqual(content(['arn:aws:sts::111111111111:assumed-role/tst-reviewer/*'], 1));
  });

  test('updates the content in place and deletes the template', () => {
    const update = call(template, 'Custom::CodeCommitApprovalRuleTemplate', 'Update');
    expect(update).toEqual({
      service: 'CodeCommit',
      action: 'updateApprovalRuleTemplateContent',
      parameters: { approvalRuleTemplateName: 'tst-pipeline-review', newRuleContent: expect.any(String) },
      physicalResourceId: { id: 'tst-pipeline-review' },
    });
    expect(JSON.parse((update?.parameters as { newRuleContent: string }).newRuleContent)).toEqual(content(['arn:aws:sts::111111111111:assumed-role/tst-reviewer/*'], 1));
    expect(call(template, 'Custom::CodeCommitApprovalRuleTemplate', 'Delete')).toEqual({ service: 'CodeCommit', action: 'deleteApprovalRuleTemplate', parameters: { approvalRuleTemplateName: 'tst-pipeline-review' } });
  });

  test('associates the template with the created repository, and disassociates it before the template is deleted', () => {
    const associate = {
      service: 'CodeCommit',
      action: 'associateApprovalRuleTemplateWithRepository',
      parameters: { approvalRuleTemplateName: 'tst-pipeline-review', repositoryName: '<Repository.Name>' },
      physicalResourceId: { id: 'tst-pipeline-review/<Repository.Name>' },
    };
    const type = 'Custom::CodeCommitApprovalRuleTemplateAssociation';
    expect(call(template, type, 'Create')).toEqual(associate);
    expect(call(template, type, 'Update')).toEqual(associate);
    expect(call(template, type, 'Delete')).toEqual({ service: 'CodeCommit', action: 'disassociateApprovalRuleTemplateFromRepository', parameters: { approvalRuleTemplateName: 'tst-pipeline-review', repositoryName: '<Repository.Name>' } });
    const [templateId] = Object.keys(template.findResources('Custom::CodeCommitApprovalRuleTemplate'));
    const [association] = Object.values(template.findResources(type));
    expect(association.DependsOn).toContain(templateId);
  });

  test('the configured reviewers, branch and number of approvals make the content', () => {
    const create = call(custom, 'Custom::CodeCommitApprovalRuleTemplate', 'Create');
    expect(JSON.parse((create?.parameters as { approvalRuleTemplateContent: string }).approvalRuleTemplateContent)).toEqual({
      ...content(['arn:aws:sts::111111111111:assumed-role/ml-leads/*', 'arn:aws:iam::111111111111:user/alice'], 2),
      DestinationReferences: ['refs/heads/release/1'],
    });
  });

  test('the handler\'s role may make exactly these calls: template calls on "*", (dis)association on the repository, its own logs', () => {
    const roleId = handlerRoleId();
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: roleId }] } }));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Sid: 'ManageApprovalRuleTemplate', Effect: 'Allow', Action: ['codecommit:CreateApprovalRuleTemplate', 'codecommit:UpdateApprovalRuleTemplateContent', 'codecommit:DeleteApprovalRuleTemplate'], Resource: '*' },
      { Sid: 'AssociateApprovalRuleTemplate', Effect: 'Allow', Action: ['codecommit:AssociateApprovalRuleTemplateWithRepository', 'codecommit:DisassociateApprovalRuleTemplateFromRepository'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Repository/), 'Arn'] } },
      { Sid: 'WriteHandlerLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ReviewRuleHandlerLogs/), 'Arn'] } },
    ]);
    // no inline policy and no AWS managed policy on the role
    expect(template.toJSON().Resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
    expect(Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))).toEqual([]);
    // both custom resources wait for the policy
    for (const type of ['Custom::CodeCommitApprovalRuleTemplate', 'Custom::CodeCommitApprovalRuleTemplateAssociation']) {
      expect(Object.values(template.findResources(type))[0].DependsOn).toContainEqual(expect.stringMatching(/^ReviewRuleHandlerPolicy/));
    }
  });

  test('the handler runs on the latest Node.js runtime, under that role, logging to an encrypted log group', () => {
    const roleId = handlerRoleId();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ReviewRuleHandlerLogs') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelineKey'), 'Arn'] }, RetentionInDays: 365 });
  });

  test('nothing is created for a GitHub source or an existing repository', () => {
    for (const source of [github, { kind: 'codecommit', repository: 'test-repo', branch: 'main', create: false }]) {
      const other = Template.fromStack(buildApp(testConfig({ source }, { ...baseDocument(), source }), {}, { compliance: false }).pipelineStack);
      expect([source.kind, Object.keys(other.findResources('Custom::CodeCommitApprovalRuleTemplate'))]).toEqual([source.kind, []]);
      expect([source.kind, Object.keys(other.findResources('Custom::CodeCommitApprovalRuleTemplateAssociation'))]).toEqual([source.kind, []]);
      expect([source.kind, Object.keys(other.findResources('AWS::Lambda::Function'))]).toEqual([source.kind, []]);
    }
  });
});

describe('review rule config', () => {
  const problems = (source: Record<string, unknown>) => {
    const result = resolveConfig({ ...baseDocument(), source: { ...(baseDocument().source as object), ...source } });
    return result.ok ? [] : result.problems.map(formatProblem);
  };

  test.each([
    ['a reviewer is not an ARN', { reviewers: ['alice'] }, 'source.reviewers[0]', 'must be an IAM user or role ARN or an STS assumed-role ARN pattern'],
    ['a reviewer is an ARN of another service', { reviewers: ['arn:aws:s3:::bucket/*'] }, 'source.reviewers[0]', 'must be an IAM user or role ARN'],
    ['the reviewers list is empty', { reviewers: [] }, 'source.reviewers', 'at least one reviewer'],
    ['no approval is needed', { approvalsNeeded: 0 }, 'source.approvalsNeeded', 'must be at least 1'],
    ['the number of approvals is a fraction', { approvalsNeeded: 1.5 }, 'source.approvalsNeeded', 'whole number'],
    ['reviewers are given for an existing repository', { create: false, reviewers: ['arn:aws:iam::111111111111:user/alice'] }, 'source.reviewers', 'applies only to a repository the stack creates'],
  ])('fails when %s', (_what, source, path, words) => {
    expect(problems(source)).toContainEqual(expect.stringContaining(path));
    expect(problems(source).join('\n')).toContain(words);
  });

  test('the defaults: no reviewers listed (the default role), one approval', () => {
    const config = testConfig();
    expect(config.source).toMatchObject({ kind: 'codecommit', approvalsNeeded: 1 });
    expect(problems({ reviewers: ['arn:aws-us-gov:iam::111111111111:role/reviewers'] })).toEqual([]);
  });
});
