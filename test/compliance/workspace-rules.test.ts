import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { CfnDomain } from 'aws-cdk-lib/aws-sagemaker';
import { NagRuleCompliance } from 'cdk-nag';
import { registerNagPacks } from '../../compliance/register-nag';
import { studioDomainCustomerKey } from '../../compliance/rules/studio-domain-customer-key';
import { studioDomainVpcOnly } from '../../compliance/rules/studio-domain-vpc-only';
import { ENDPOINT_ONLY_TAG, trainingDataEndpointOnly } from '../../compliance/rules/training-data-endpoint-only';
import { TrainStage } from '../../stages/train-stage';
import { testConfig } from '../helpers/test-config';
import { synthViolations } from '../helpers/synth-violations';

const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;

function domain(props: { access?: string; key?: 'customer' | 'none' | string } = {}): CfnDomain {
  const stack = new Stack(new App(), 'Fixture', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = props.key ?? 'customer';
  return new CfnDomain(stack, 'Domain', {
    domainName: 'fixture',
    authMode: 'IAM',
    vpcId: 'vpc-1',
    subnetIds: ['subnet-1'],
    defaultUserSettings: { executionRole: 'arn:aws:iam::111111111111:role/x' },
    ...(props.access === undefined ? {} : { appNetworkAccessType: props.access }),
    ...(key === 'none' ? {} : { kmsKeyId: key === 'customer' ? new kms.Key(stack, 'Key', { enableKeyRotation: true }).keyArn : key }),
  });
}

describe('SageMaker-StudioDomainVpcOnly', () => {
  test('passes when the domain is VpcOnly', () => {
    expect(studioDomainVpcOnly(domain({ access: 'VpcOnly' }))).toBe(COMPLIANT);
  });
  test('fails when the domain leaves AppNetworkAccessType out (PublicInternetOnly by default)', () => {
    expect(studioDomainVpcOnly(domain())).toBe(NON_COMPLIANT);
  });
  test('fails when the domain is PublicInternetOnly', () => {
    expect(studioDomainVpcOnly(domain({ access: 'PublicInternetOnly' }))).toBe(NON_COMPLIANT);
  });
  test('does not apply to other resources', () => {
    const stack = new Stack();
    expect(studioDomainVpcOnly(new CfnBucket(stack, 'B'))).toBe(NOT_APPLICABLE);
  });
});

describe('SageMaker-StudioDomainCustomerKey', () => {
  test('passes when the domain names a customer managed key', () => {
    expect(studioDomainCustomerKey(domain({ access: 'VpcOnly' }))).toBe(COMPLIANT);
  });
  test('fails when the domain has no KmsKeyId', () => {
    expect(studioDomainCustomerKey(domain({ access: 'VpcOnly', key: 'none' }))).toBe(NON_COMPLIANT);
  });
  test('fails when the key is an AWS managed alias', () => {
    expect(studioDomainCustomerKey(domain({ access: 'VpcOnly', key: 'alias/aws/sagemaker' }))).toBe(NON_COMPLIANT);
  });
});

type Deny = 'endpoint' | 'tls-only' | 'endpoint-without-list';

function taggedBucket(deny: Deny, tagged = true): CfnBucket {
  const stack = new Stack(new App(), 'Fixture');
  const bucket = new s3.Bucket(stack, 'Data', { enforceSSL: true });
  const cfn = bucket.node.defaultChild as CfnBucket;
  if (tagged) cfn.tags.setTag(ENDPOINT_ONLY_TAG.key, ENDPOINT_ONLY_TAG.value);
  if (deny === 'endpoint' || deny === 'endpoint-without-list') {
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: deny === 'endpoint' ? ['s3:GetObject', 's3:PutObject', 's3:ListBucket'] : ['s3:GetObject', 's3:PutObject'],
        resources: [bucket.bucketArn, bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 'aws:SourceVpce': ['vpce-0123456789abcdef0'] } },
      }),
    );
  }
  return cfn;
}

describe('SageMaker-TrainingDataEndpointOnly', () => {
  test('passes when the tagged bucket\'s policy denies GetObject, PutObject and ListBucket outside the listed endpoints', () => {
    expect(trainingDataEndpointOnly(taggedBucket('endpoint'))).toBe(COMPLIANT);
  });
  test('fails when the tagged bucket\'s policy only enforces TLS', () => {
    expect(trainingDataEndpointOnly(taggedBucket('tls-only'))).toBe(NON_COMPLIANT);
  });
  test('fails when the deny leaves listing open', () => {
    expect(trainingDataEndpointOnly(taggedBucket('endpoint-without-list'))).toBe(NON_COMPLIANT);
  });
  test('does not apply to a bucket without the tag', () => {
    expect(trainingDataEndpointOnly(taggedBucket('tls-only', false))).toBe(NOT_APPLICABLE);
  });
});

describe('the workspace under the compliance packs', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function synth(kind: 'studio' | 'notebook') {
    const config = testConfig({ workspace: { kind, users: [{ name: 'alice', identity: 'arn:aws:iam::111111111111:role/DataScientist' }] } });
    const outdir = mkdtempSync(join(tmpdir(), 'workspace-nag-'));
    dirs.push(outdir);
    const app = new App({ outdir });
    registerNagPacks(app);
    const stage = new TrainStage(app, 'Train', { config });
    const violations = synthViolations(app, outdir).map((v) => `${v.rule} ${v.path}`);
    return { stage, violations, outdir };
  }

  /** the acknowledged rule ids recorded in a stack's metadata for resources under `path`. */
  function acknowledgedUnder(outdir: string, artifactId: string, path: string): string[] {
    const metadata = JSON.parse(readFileSync(join(outdir, 'assembly-Train', `${artifactId}.metadata.json`), 'utf8')) as Record<string, { type: string; data: unknown }[]>;
    return Object.entries(metadata)
      .filter(([p]) => p.includes(path))
      .flatMap(([, entries]) => entries.filter((e) => e.type === 'aws:cdk:acknowledged-rules').map((e) => JSON.stringify(e.data)));
  }

  test('notebook instances pass the SageMaker notebook rules of every pack with no acknowledgement', () => {
    const { violations, outdir, stage } = synth('notebook');
    expect(violations).toEqual([]);
    expect(stage.workspace).toBeDefined();
    const artifactId = stage.workspace?.artifactId ?? '';
    const all = acknowledgedUnder(outdir, artifactId, '/');
    expect(all.length).toBeGreaterThan(0);
    expect(acknowledgedUnder(outdir, artifactId, '/AliceNotebook')).toEqual([]);
    expect(all.join(' ')).not.toMatch(/SM1|SM2|SM3|SageMakerNotebook/);
  });

  test('the Studio domain, its network and the endpoint-only training data have no open finding', () => {
    const { violations, stage } = synth('studio');
    expect(violations).toEqual([]);
    const data = stage.modelStore.trainingDataBucket.node.defaultChild as CfnBucket;
    expect(trainingDataEndpointOnly(data)).toBe(COMPLIANT);
    expect(studioDomainVpcOnly(stage.workspace?.domain as CfnDomain)).toBe(COMPLIANT);
    expect(studioDomainCustomerKey(stage.workspace?.domain as CfnDomain)).toBe(COMPLIANT);
  });
});
