import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { loadConfig } from '../../config';
import { buildApp } from '../../pipeline/build-app';
import { cdkJsonContext } from '../stages/endpoint-test-app';
import { ROOT } from './helpers/source-line';

/**
 * an AwsSolutions-IAM5 acknowledgement is made per policy and covers every `*` finding on it, so a
 * new statement on `*` added to an acknowledged policy would pass the nag gate unseen. This pins,
 * per policy of the real app, exactly the actions it allows on `*`: adding one (or a new policy
 * with one) fails here, and the change must update the list below, in review.
 */
const PINNED: Record<string, string[]> = {
  // the Train step finds the model package version of a content address (ListModelPackages supports no resource-level permissions),
  // and runs the tag query (a job in progress for the model key is attached to): Search has no resource type
  'mlops-pipeline/Pipeline/ModelGates/TrainModelRole/Policy': ['sagemaker:ListModelPackages', 'sagemaker:Search'],
  'mlops-pipeline/Pipeline/UpdatePipeline/SelfMutation/Role/DefaultPolicy': ['cloudformation:DescribeStacks', 's3:ListBucket'],
  'mlops-pipeline/Prod/Endpoint/ExecutionRole/Policy': ['ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ecr:GetAuthorizationToken'],
  // a serverless endpoint: no VPC, so no EC2 Describe* calls
  'mlops-pipeline/Staging/Endpoint/ExecutionRole/Policy': ['ecr:GetAuthorizationToken'],
  // the created repository's approval-rule template: IAM defines no resource type for these calls (templates have no ARN)
  'mlops-pipeline/ReviewRule/HandlerPolicy': ['codecommit:CreateApprovalRuleTemplate', 'codecommit:DeleteApprovalRuleTemplate', 'codecommit:UpdateApprovalRuleTemplateContent'],
  'mlops-pipeline/Train/ModelStore/TrainingRole/Policy': ['cloudwatch:PutMetricData'],
  'mlops-pipeline/Train/Training/TrainingImageAndNetworkPolicy': ['ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ecr:GetAuthorizationToken'],
  // the data scientist's Studio: listing their apps, spaces and tags (none of these List calls supports resource-level permissions)
  'mlops-pipeline/Train/Workspace/DataScientistExecutionRole/Policy': ['sagemaker:ListApps', 'sagemaker:ListSpaces', 'sagemaker:ListTags'],
  // mlpipe workspace open finds the domain by its name
  'mlops-pipeline/Train/Workspace/DataScientistOpenRole/Policy': ['sagemaker:ListDomains'],
};

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
}

let found: Record<string, string[]>;

beforeAll(() => {
  const { app } = buildApp(loadConfig(join(ROOT, 'pipeline.yaml')), { context: cdkJsonContext() }, { compliance: false });
  found = {};
  for (const construct of app.node.findAll()) {
    const isPolicy = construct instanceof iam.CfnManagedPolicy || construct instanceof iam.CfnPolicy;
    const inline = construct instanceof iam.CfnRole ? (Stack.of(construct).resolve(construct.policies) as { policyDocument: unknown }[] | undefined) : undefined;
    const documents = isPolicy ? [Stack.of(construct).resolve(construct.policyDocument)] : (inline ?? []).map((p) => p.policyDocument);
    for (const document of documents) {
      const statements = ((document as { Statement?: Statement[] }).Statement ?? []).filter((s) => s.Effect === 'Allow' && [s.Resource].flat().includes('*'));
      const actions = statements.flatMap((s) => [s.Action ?? []].flat());
      if (actions.length === 0) continue;
      const path = construct.node.path.replace(/\/Resource$/, '');
      found[path] = [...new Set([...(found[path] ?? []), ...actions])].sort();
    }
  }
});

describe('actions allowed on *', () => {
  test('are exactly the pinned ones, policy by policy', () => {
    expect(found).toEqual(PINNED);
  });

  test('are read-only, except the training role\'s metric publishing (condition on its namespace) and the approval-rule template calls (no resource type)', () => {
    const writes = Object.entries(found).flatMap(([path, actions]) => actions.filter((a) => !/^[a-z0-9-]+:(Describe|Get|List|BatchGet|Search$)/.test(a)).map((a) => `${path}: ${a}`));
    expect(writes).toEqual([
      'mlops-pipeline/ReviewRule/HandlerPolicy: codecommit:CreateApprovalRuleTemplate',
      'mlops-pipeline/ReviewRule/HandlerPolicy: codecommit:DeleteApprovalRuleTemplate',
      'mlops-pipeline/ReviewRule/HandlerPolicy: codecommit:UpdateApprovalRuleTemplateContent',
      'mlops-pipeline/Train/ModelStore/TrainingRole/Policy: cloudwatch:PutMetricData',
    ]);
  });

  test('include no privilege escalation and no service-wide wildcard', () => {
    const escalation = /^(iam:|sts:AssumeRole|lambda:(Create|Update)|cloudformation:(Create|Update|Execute)|\*|[a-z0-9-]+:\*$)/;
    expect(Object.values(found).flat().filter((a) => escalation.test(a))).toEqual([]);
  });
});
