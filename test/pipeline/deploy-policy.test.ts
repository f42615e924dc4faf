import { join } from 'node:path';
import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../config';
import type { AppConfig } from '../../config';
import { buildApp } from '../../pipeline/build-app';
import { DEPLOY_ACTIONS, deployExecutionPolicy, stageResourceTypes } from '../../pipeline/deploy-policy';
import { MlStage } from '../../stages/ml-stage';
import type { EvaluatedStatement } from '../helpers/policy-evaluator';
import { evaluate } from '../helpers/policy-evaluator';
import { testConfig } from '../helpers/test-config';

const ROOT = join(__dirname, '..', '..');

/** the resource types of every synthesized stage template of an app, read from the templates themselves. */
function synthesizedStageTypes(config: AppConfig): { types: string[]; policyTypes: string[] } {
  const { app } = buildApp(config, {}, { compliance: false });
  const types = new Set<string>();
  for (const stage of app.node.findAll().filter((c): c is MlStage => c instanceof MlStage)) {
    for (const stack of stage.node.findAll().filter((c): c is Stack => Stack.isStack(c) && Stage.of(c) === stage)) {
      for (const resource of Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>)) types.add(resource.Type);
    }
  }
  return { types: [...types].sort(), policyTypes: stageResourceTypes(app) };
}

const configs: [string, () => AppConfig][] = [
  ['pipeline.yaml (serverless staging, autoscaled instance production)', () => loadConfig(join(ROOT, 'pipeline.yaml'))],
  ['the test config (instance endpoints with data capture)', () => testConfig()],
];

describe.each(configs)('the deploy execution policy of %s', (_name, config) => {
  let types: string[];
  let policyTypes: string[];
  let statements: EvaluatedStatement[];
  beforeAll(() => {
    ({ types, policyTypes } = synthesizedStageTypes(config()));
    statements = deployExecutionPolicy(config().project.prefix, policyTypes).Statement as unknown as EvaluatedStatement[];
  });

  test('covers every resource type of every stage template, each with the actions CloudFormation needs for it', () => {
    expect(types.filter((t) => t !== 'AWS::CDK::Metadata')).toEqual(policyTypes.filter((t) => t !== 'AWS::CDK::Metadata'));
    expect(types.length).toBeGreaterThan(15);
    const prefix = config().project.prefix;
    for (const type of types) {
      for (const action of DEPLOY_ACTIONS[type] ?? ['(no entry)']) {
        const resource = action.startsWith('iam:') ? `arn:aws:iam::222222222222:role/${prefix}-staging-endpoint-model` : 'arn:aws:any:::thing';
        const context = { 'iam:PassedToService': 'sagemaker.amazonaws.com' };
        expect([type, action, evaluate(statements, { principalArn: 'cfn-exec', action, resource, context })]).toEqual([type, action, 'allow']);
      }
    }
  });

  test('allows nothing broader: no wildcard action, no IAM or STS on *, IAM only on the project\'s roles and policies', () => {
    for (const statement of statements) {
      for (const action of [statement.Action].flat() as string[]) expect(action).not.toContain('*');
      if ([statement.Resource].flat().includes('*')) expect(([statement.Action].flat() as string[]).filter((a) => /^(iam|sts|organizations|account):/.test(a))).toEqual([]);
    }
    const iam = (action: string, resource: string) => evaluate(statements, { principalArn: 'cfn-exec', action, resource, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
    expect(iam('iam:CreateRole', 'arn:aws:iam::222222222222:role/Admin')).toBe('implicit-deny');
    expect(iam('iam:AttachRolePolicy', 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole')).toBe('implicit-deny');
    expect(iam('iam:CreateUser', 'arn:aws:iam::222222222222:user/x')).toBe('implicit-deny');
    expect(iam('sts:AssumeRole', 'arn:aws:iam::222222222222:role/x')).toBe('implicit-deny');
    expect(evaluate(statements, { principalArn: 'cfn-exec', action: 'iam:PassRole', resource: `arn:aws:iam::222222222222:role/${config().project.prefix}-x`, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } })).toBe('implicit-deny');
  });

  test('fits in one managed policy (6,144 characters without whitespace)', () => {
    expect(JSON.stringify(deployExecutionPolicy(config().project.prefix, policyTypes)).length).toBeLessThanOrEqual(6144);
  });
});

test('fails when a stage template holds a resource type the policy does not cover, naming it and where to add it', () => {
  expect(() => deployExecutionPolicy('tst', ['AWS::SageMaker::Model', 'AWS::DynamoDB::Table'])).toThrow(
    'the stage templates contain AWS::DynamoDB::Table, which the deploy policy does not cover; add the actions CloudFormation needs for it to DEPLOY_ACTIONS in pipeline/deploy-policy.ts',
  );
});
