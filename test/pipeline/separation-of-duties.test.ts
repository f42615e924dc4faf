import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../pipeline/build-app';
import type { EvaluatedStatement, PolicyRequest } from '../helpers/policy-evaluator';
import { evaluate, resolveCfn } from '../helpers/policy-evaluator';
import { testConfig } from '../helpers/test-config';

/**
 * nothing a commit runs can approve its own way to production: the CodeBuild projects (synth,
 * asset builds, training, smoke tests, self-mutation) run the commit's code, so none of their
 * roles may answer the production approval or approve a pull request; developers cannot change
 * the pipeline's branch without a pull request.
 */
const config = testConfig({
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'] },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], approval: true, environment: 'production' },
  ],
});

let template: Template;
const values = { account: '111111111111', region: 'eu-west-1', placeholders: true };

/** every statement of the identity policies (managed and inline) attached to a role. */
function roleStatements(roleId: string): EvaluatedStatement[] {
  const policies = [...Object.values(template.findResources('AWS::IAM::ManagedPolicy')), ...Object.values(template.findResources('AWS::IAM::Policy'))];
  const role = template.toJSON().Resources[roleId] as { Properties: { Policies?: { PolicyDocument: { Statement: unknown[] } }[] } };
  return [
    ...policies.filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes(`"${roleId}"`)).flatMap((p) => p.Properties.PolicyDocument.Statement as unknown[]),
    ...(role.Properties.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement),
  ].map((s) => resolveCfn(s, values) as EvaluatedStatement);
}

/** the roles whose principal runs a commit's code: CodeBuild projects. */
function codeBuildRoles(): string[] {
  return Object.entries(template.findResources('AWS::IAM::Role'))
    .filter(([, r]) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('codebuild.amazonaws.com'))
    .map(([id]) => id);
}

const approve: PolicyRequest = { principalArn: 'arn:aws:iam::111111111111:role/x', action: 'codepipeline:PutApprovalResult', resource: 'arn:aws:codepipeline:eu-west-1:111111111111:tst-pipeline/Prod/PromoteToProd' };

beforeAll(() => {
  template = Template.fromStack(buildApp(config, {}, { compliance: false }).pipelineStack);
});

describe('separation of duties', () => {
  test('no role a commit\'s code runs under can answer the production approval or approve a pull request', () => {
    const roles = codeBuildRoles();
    // synth, self-mutation, the asset publishers, the training step and one smoke runner per stage
    for (const expected of [/Synth/, /SelfMutation/, /Assets\w*Role/, /TrainModel/, /SmokeTestRunnerStaging/, /SmokeTestRunnerProd/]) expect(roles).toContainEqual(expect.stringMatching(expected));
    for (const roleId of roles) {
      const statements = roleStatements(roleId);
      expect([roleId, evaluate(statements, approve)]).toEqual([roleId, 'implicit-deny']);
      expect([roleId, evaluate(statements, { ...approve, action: 'codecommit:UpdatePullRequestApprovalState', resource: 'arn:aws:codecommit:eu-west-1:111111111111:test-repo' })]).toEqual([roleId, 'implicit-deny']);
      for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
        expect([roleId, [statement.Action].flat().some((a) => /^(codepipeline|iam|\*):?\*?$/.test(String(a)) || a === 'codepipeline:*')]).toEqual([roleId, false]);
      }
    }
  });

  test('the release managers\' policy is what can answer that approval', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { ManagedPolicyName: 'tst-release-manager' } }));
    const statements = (policy.Properties.PolicyDocument.Statement as unknown[]).map((s) => resolveCfn(s, values) as EvaluatedStatement);
    expect(evaluate(statements, approve)).toBe('allow');
    expect(evaluate(statements, { ...approve, resource: 'arn:aws:codepipeline:eu-west-1:111111111111:other-pipeline/Prod/PromoteToProd' })).toBe('implicit-deny');
  });

  test('developers may push any branch but the pipeline\'s, and reach it only by a pull request', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { ManagedPolicyName: 'tst-developer' } }));
    const statements = (policy.Properties.PolicyDocument.Statement as unknown[]).map((s) => resolveCfn(s, values) as EvaluatedStatement);
    const repo = 'arn:aws:codecommit:eu-west-1:111111111111:test-repo';
    const push = (action: string, ref: string | undefined) => evaluate(statements, { principalArn: 'arn:aws:iam::111111111111:user/dev', action, resource: repo, context: { 'codecommit:References': ref } });
    expect(push('codecommit:GitPush', 'refs/heads/main')).toBe('explicit-deny');
    expect(push('codecommit:PutFile', 'refs/heads/main')).toBe('explicit-deny');
    expect(push('codecommit:DeleteBranch', 'refs/heads/main')).toBe('explicit-deny');
    expect(push('codecommit:GitPush', 'refs/heads/feature/x')).toBe('allow');
    // a push that names no reference (negotiation) is not a change to main
    expect(push('codecommit:GitPush', undefined)).toBe('allow');
    expect(push('codecommit:MergePullRequestBySquash', 'refs/heads/main')).toBe('allow');
  });
});
