import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { Stack } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import { CfnBucket, CfnBucketPolicy } from 'aws-cdk-lib/aws-s3';
import { logicalIdOf, prop, resolveIn } from '../internal/cfn-values';
import type { SageMakerRule } from './sagemaker-rule';

/** the tag that declares a bucket reachable only through VPC endpoints; this rule checks the policy behind it. */
export const ENDPOINT_ONLY_TAG = { key: 'mlpipe:data-access', value: 'vpc-endpoints-only' } as const;

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** whether a statement's principal is everyone. */
function isEveryone(principal: unknown): boolean {
  return principal === '*' || list(prop(principal, 'AWS')).includes('*');
}

/** whether one of the actions covers `wanted` (exact, `s3:*`, or a trailing-wildcard pattern). */
function covers(actions: unknown[], wanted: string): boolean {
  return actions.some((a) => typeof a === 'string' && (a === wanted || a === '*' || (a.endsWith('*') && wanted.startsWith(a.slice(0, -1)))));
}

/** the source endpoints a Deny statement exempts, when it denies unless the request came through them. */
function exemptedEndpoints(condition: unknown): unknown[] {
  const notEquals = prop(condition, 'stringNotEquals') ?? prop(condition, 'StringNotEquals');
  if (notEquals === null || typeof notEquals !== 'object') return [];
  const entry = Object.entries(notEquals as Record<string, unknown>).find(([key]) => key.toLowerCase() === 'aws:sourcevpce');
  return entry ? list(entry[1]) : [];
}

/** whether a policy document denies reading and writing objects to everyone not coming through a VPC endpoint. */
function deniesOutsideEndpoints(document: unknown): boolean {
  return list(prop(document, 'Statement')).some((statement) => {
    if (prop(statement, 'Effect') !== 'Deny' || !isEveryone(prop(statement, 'Principal'))) return false;
    const actions = list(prop(statement, 'Action'));
    const objectsCovered = list(prop(statement, 'Resource')).some((r) => JSON.stringify(r).includes('/*'));
    return covers(actions, 's3:GetObject') && covers(actions, 's3:PutObject') && covers(actions, 's3:ListBucket') && objectsCovered && exemptedEndpoints(prop(statement, 'Condition')).length > 0;
  });
}

/**
 * a bucket tagged `mlpipe:data-access: vpc-endpoints-only` has a bucket policy, in its stack, that
 * denies reading, writing and listing to every principal whose request does not come through one
 * of the named VPC endpoints (`StringNotEquals aws:SourceVpce`).
 */
export function trainingDataEndpointOnly(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
  if (node.tags.tagValues()[ENDPOINT_ONLY_TAG.key] !== ENDPOINT_ONLY_TAG.value) return NagRuleCompliance.NOT_APPLICABLE;
  const id = logicalIdOf(node);
  const policies = Stack.of(node)
    .node.findAll()
    .filter((c): c is CfnBucketPolicy => c instanceof CfnBucketPolicy)
    .filter((p) => prop(resolveIn(p, p.bucket), 'Ref') === id);
  return policies.some((p) => deniesOutsideEndpoints(resolveIn(p, p.policyDocument))) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const TRAINING_DATA_ENDPOINT_ONLY: SageMakerRule = {
  suffix: 'TrainingDataEndpointOnly',
  info: 'The bucket is tagged mlpipe:data-access=vpc-endpoints-only but its bucket policy does not deny GetObject, PutObject and ListBucket to requests that come through no listed VPC endpoint (StringNotEquals aws:SourceVpce).',
  explanation:
    'Training data must stay inside the network: only the workspace and the training jobs, through their VPCs\' S3 gateway endpoints, may read or write it. IAM grants alone do not stop a credential that leaks from being used from the internet; a deny on aws:SourceVpce in the bucket policy does.',
  level: NagMessageLevel.ERROR,
  rule: trainingDataEndpointOnly,
};
