import { App, Stack } from 'aws-cdk-lib';
import { CfnBucket, CfnBucketPolicy } from 'aws-cdk-lib/aws-s3';
import { CfnDomain } from 'aws-cdk-lib/aws-sagemaker';
import { NagRuleCompliance } from 'cdk-nag';
import { studioDomainCustomerKey } from '../../compliance/rules/studio-domain-customer-key';
import { studioDomainVpcOnly } from '../../compliance/rules/studio-domain-vpc-only';
import { ENDPOINT_ONLY_TAG, trainingDataEndpointOnly } from '../../compliance/rules/training-data-endpoint-only';

const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;

type Statement = Record<string, unknown>;

/** the deny statement the rule wants: everyone, objects and listing, unless through a listed endpoint. */
function deny(overrides: Statement = {}): Statement {
  return {
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
    Resource: [{ 'Fn::GetAtt': ['Data', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Data', 'Arn'] }, '/*']] }],
    Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-0123456789abcdef0'] } },
    ...overrides,
  };
}

/** a tagged bucket `Data` with a bucket policy holding `statements` (a single statement when not a list). */
function bucketWith(statements: Statement[] | Statement, options: { tag?: string; policyOn?: 'this' | 'other' } = {}): CfnBucket {
  const stack = new Stack(new App(), 'Fixture');
  const bucket = new CfnBucket(stack, 'Data');
  if (options.tag !== 'none') bucket.tags.setTag(ENDPOINT_ONLY_TAG.key, options.tag ?? ENDPOINT_ONLY_TAG.value);
  const other = new CfnBucket(stack, 'Other');
  new CfnBucketPolicy(stack, 'Policy', {
    bucket: (options.policyOn === 'other' ? other : bucket).ref,
    policyDocument: { Version: '2012-10-17', Statement: statements },
  });
  return bucket;
}

describe('SageMaker-TrainingDataEndpointOnly: what the deny must cover', () => {
  test('passes with the deny among other statements, with a single statement, and with everyone written as "*"', () => {
    expect(trainingDataEndpointOnly(bucketWith([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::1:root' }, Action: 's3:GetObject', Resource: '*' }, deny()]))).toBe(COMPLIANT);
    expect(trainingDataEndpointOnly(bucketWith(deny()))).toBe(COMPLIANT);
    expect(trainingDataEndpointOnly(bucketWith([deny({ Principal: '*' })]))).toBe(COMPLIANT);
    expect(trainingDataEndpointOnly(bucketWith([deny({ Principal: { AWS: ['arn:aws:iam::1:root', '*'] } })]))).toBe(COMPLIANT);
  });

  test('passes when the actions are given by s3:*, *, or trailing wildcards', () => {
    for (const Action of ['s3:*', '*', ['s3:Get*', 's3:Put*', 's3:List*'], ['s3:GetObject', 's3:PutObject', 's3:ListBucket*']]) {
      expect(trainingDataEndpointOnly(bucketWith([deny({ Action })]))).toBe(COMPLIANT);
    }
  });

  test('passes with the condition operator and key in other casings', () => {
    expect(trainingDataEndpointOnly(bucketWith([deny({ Condition: { stringNotEquals: { 'AWS:SourceVpce': 'vpce-1' } } })]))).toBe(COMPLIANT);
  });

  test.each([
    ['the statement allows instead of denying', { Effect: 'Allow' }],
    ['the deny is for one principal, not everyone', { Principal: { AWS: 'arn:aws:iam::111111111111:root' } }],
    ['the deny names no principal', { Principal: undefined }],
    ['the deny leaves reading open', { Action: ['s3:PutObject', 's3:ListBucket'] }],
    ['the deny leaves writing open', { Action: ['s3:GetObject', 's3:ListBucket'] }],
    ['the deny leaves listing open', { Action: ['s3:GetObject', 's3:PutObject'] }],
    ['a wildcard covers other actions only', { Action: ['s3:Delete*', 's3:GetObject', 's3:PutObject'] }],
    ['the deny names no resource', { Resource: undefined }],
    ['an action only starts like GetObject (no wildcard)', { Action: ['s3:GetObjects', 's3:PutObject', 's3:ListBucket'] }],
    ['the deny covers the bucket but not its objects', { Resource: [{ 'Fn::GetAtt': ['Data', 'Arn'] }] }],
    ['the deny has no condition: it exempts no endpoint', { Condition: undefined }],
    ['the condition exempts no endpoint', { Condition: { StringNotEquals: { 'aws:SourceVpce': [] } } }],
    ['the condition names another key', { Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } } }],
    ['the condition uses another operator', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }],
    ['the condition operator is not a mapping', { Condition: { StringNotEquals: 'vpce-1' } }],
  ])('fails when %s', (_what, overrides) => {
    expect(trainingDataEndpointOnly(bucketWith([deny(overrides as Statement)]))).toBe(NON_COMPLIANT);
  });

  test('fails when the only policy with the deny belongs to another bucket', () => {
    expect(trainingDataEndpointOnly(bucketWith([deny()], { policyOn: 'other' }))).toBe(NON_COMPLIANT);
  });

  test('does not apply to a bucket tagged with another value, or not tagged', () => {
    expect(trainingDataEndpointOnly(bucketWith([], { tag: 'anywhere' }))).toBe(NOT_APPLICABLE);
    expect(trainingDataEndpointOnly(bucketWith([], { tag: 'none' }))).toBe(NOT_APPLICABLE);
    const stack = new Stack(new App(), 'Other');
    expect(trainingDataEndpointOnly(new CfnBucketPolicy(stack, 'Policy', { bucket: 'b', policyDocument: {} }))).toBe(NOT_APPLICABLE);
  });
});

function domain(props: { access?: string; kmsKeyId?: unknown }): CfnDomain {
  const stack = new Stack(new App(), 'Fixture');
  return new CfnDomain(stack, 'Domain', {
    domainName: 'fixture',
    authMode: 'IAM',
    vpcId: 'vpc-1',
    subnetIds: ['subnet-1'],
    defaultUserSettings: { executionRole: 'arn:aws:iam::111111111111:role/x' },
    appNetworkAccessType: props.access,
    kmsKeyId: props.kmsKeyId as string | undefined,
  });
}

describe('the Studio domain rules: each value', () => {
  test('VpcOnly passes; PublicInternetOnly, another casing or none fails; other resources are not checked', () => {
    expect(['VpcOnly', 'PublicInternetOnly', 'vpconly', undefined].map((access) => studioDomainVpcOnly(domain({ access })))).toEqual([COMPLIANT, NON_COMPLIANT, NON_COMPLIANT, NON_COMPLIANT]);
    expect(studioDomainVpcOnly(new CfnBucket(new Stack(), 'B'))).toBe(NOT_APPLICABLE);
  });

  test('a customer key passes as an id, an ARN, a customer alias or a reference; an AWS managed alias, an empty id or none fails', () => {
    const keys: unknown[] = ['1234abcd-12ab', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd', 'alias/team-key', { 'Fn::GetAtt': ['Key', 'Arn'] }, 'alias/aws/sagemaker', 'arn:aws:kms:eu-west-1:111111111111:alias/aws/sagemaker', '', undefined];
    expect(keys.map((kmsKeyId) => studioDomainCustomerKey(domain({ kmsKeyId })))).toEqual([COMPLIANT, COMPLIANT, COMPLIANT, COMPLIANT, NON_COMPLIANT, NON_COMPLIANT, NON_COMPLIANT, NON_COMPLIANT]);
    expect(studioDomainCustomerKey(new CfnBucket(new Stack(), 'B'))).toBe(NOT_APPLICABLE);
  });
});
