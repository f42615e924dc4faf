import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../pipeline/build-app';
import type { TrainStage } from '../../stages/train-stage';
import type { EvaluatedStatement, PolicyRequest } from '../helpers/policy-evaluator';
import { evaluate, resolveCfn } from '../helpers/policy-evaluator';
import { testConfig } from '../helpers/test-config';

/**
 * the attack of issue 18 played on the synthesized policies: the Train step runs the commit's own
 * code as the TrainModel role, so that role must not be able to replace the model production
 * serves, and nobody else may write or delete a model key at all.
 */
const config = testConfig({
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'] },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'], approval: true, environment: 'production' },
  ],
});
const TRAIN_MODEL = 'arn:aws:iam::111111111111:role/tst-train-model';
const KEY = 'models/0123456789abcdef0123456789abcdef/model.tar.gz';
const HOME = 'tst-models-111111111111-eu-west-1';
const REGIONAL = 'tst-models-111111111111-eu-central-1';

let trainStage: TrainStage;
let trainModelPolicy: EvaluatedStatement[];
const bucketPolicies: Record<string, EvaluatedStatement[]> = {};

/** the resolved statements of the bucket policy of the models bucket of a template. */
function bucketPolicyOf(template: Template, bucketName: string, region: string): EvaluatedStatement[] {
  const buckets = template.findResources('AWS::S3::Bucket');
  const modelsId = Object.keys(buckets).find((id) => buckets[id].Properties.BucketName === bucketName);
  if (!modelsId) throw new Error(`no bucket ${bucketName}`);
  const attributes = Object.fromEntries(Object.entries(buckets).flatMap(([id, b]) => [[`${id}.Arn`, `arn:aws:s3:::${b.Properties.BucketName ?? id}`], [id, String(b.Properties.BucketName ?? id)]]));
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter((p) => (p.Properties.Bucket as { Ref: string }).Ref === modelsId);
  expect(policies).toHaveLength(1);
  return resolveCfn(policies[0].Properties.PolicyDocument.Statement, { account: '111111111111', region, attributes }) as EvaluatedStatement[];
}

beforeAll(() => {
  const built = buildApp(config, {}, { compliance: false });
  trainStage = built.app.node.findAll().find((c) => c.node.id === 'Train' && 'modelStore' in c) as TrainStage;
  bucketPolicies[HOME] = bucketPolicyOf(Template.fromStack(trainStage.modelStore), HOME, 'eu-west-1');
  bucketPolicies[REGIONAL] = bucketPolicyOf(Template.fromStack(trainStage.regionalModelStores['eu-central-1']), REGIONAL, 'eu-central-1');
  const pipeline = Template.fromStack(built.pipelineStack);
  const roles = pipeline.findResources('AWS::IAM::Role', { Properties: { RoleName: 'tst-train-model' } });
  expect(Object.keys(roles)).toHaveLength(1);
  const [roleId] = Object.keys(roles);
  const policies = Object.values(pipeline.findResources('AWS::IAM::ManagedPolicy')).filter((p) => (p.Properties.Roles as { Ref: string }[] | undefined)?.some((r) => r.Ref === roleId));
  trainModelPolicy = policies.flatMap((p) => resolveCfn(p.Properties.PolicyDocument.Statement, { account: '111111111111', region: 'eu-west-1' }) as EvaluatedStatement[]);
});

const tls = { 'aws:SecureTransport': 'true' };
/** a PutObject (PutObject, CopyObject or CompleteMultipartUpload: a request that creates the object). */
const create = (bucket: string, principalArn: string, ifNoneMatch?: string): PolicyRequest => ({
  principalArn,
  action: 's3:PutObject',
  resource: `arn:aws:s3:::${bucket}/${KEY}`,
  context: { ...tls, 's3:ObjectCreationOperation': 'true', 's3:if-none-match': ifNoneMatch },
});

describe.each([HOME, REGIONAL])('the models bucket %s', (bucket) => {
  const policy = () => bucketPolicies[bucket];

  test('denies the TrainModel role a second publish to a model key without If-None-Match (an overwrite)', () => {
    expect(evaluate(policy(), create(bucket, TRAIN_MODEL))).toBe('explicit-deny');
  });

  test('lets the TrainModel role create a model key with If-None-Match: * (S3 refuses it with 412 when the key exists)', () => {
    expect(evaluate(policy(), create(bucket, TRAIN_MODEL, '*'))).toBe('implicit-deny');
    expect(evaluate([...policy(), ...trainModelPolicy], create(bucket, TRAIN_MODEL, '*'))).toBe('allow');
  });

  test('lets the TrainModel role start a multipart upload and copy its parts, which take no conditional header', () => {
    const part = { ...create(bucket, TRAIN_MODEL), context: { ...tls, 's3:ObjectCreationOperation': 'false' } };
    expect(evaluate([...policy(), ...trainModelPolicy], part)).toBe('allow');
  });

  test.each([
    ['another pipeline role', 'arn:aws:iam::111111111111:role/tst-pipeline-synth'],
    ['an administrator of the tooling account', 'arn:aws:iam::111111111111:role/Admin'],
    ['a stage account\'s endpoint role', 'arn:aws:iam::333333333333:role/tst-prod-endpoint-model'],
    ['the training execution role', 'arn:aws:iam::111111111111:role/tst-training-execution'],
  ])('denies %s any write to a model key, conditional or not', (_who, principalArn) => {
    expect(evaluate(policy(), create(bucket, principalArn))).toBe('explicit-deny');
    expect(evaluate(policy(), create(bucket, principalArn, '*'))).toBe('explicit-deny');
    for (const action of ['s3:PutObjectTagging', 's3:PutObjectAcl', 's3:PutObjectRetention', 's3:ReplicateObject', 's3:RestoreObject']) {
      expect(evaluate(policy(), { principalArn, action, resource: `arn:aws:s3:::${bucket}/${KEY}`, context: tls })).toBe('explicit-deny');
    }
  });

  test.each([TRAIN_MODEL, 'arn:aws:iam::111111111111:role/Admin'])('denies %s deleting a model or any of its versions', (principalArn) => {
    for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:DeleteObjectTagging']) {
      expect(evaluate(policy(), { principalArn, action, resource: `arn:aws:s3:::${bucket}/${KEY}`, context: tls })).toBe('explicit-deny');
    }
  });

  test('still lets the stage\'s endpoint role read models, and no other role of the stage account', () => {
    const read = (principalArn: string) => ({ principalArn, action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/${KEY}`, context: tls });
    expect(evaluate(policy(), read('arn:aws:iam::333333333333:role/tst-prod-endpoint-model'))).toBe('allow');
    expect(evaluate(policy(), read('arn:aws:iam::333333333333:role/tst-prod-endpoint-other'))).toBe('implicit-deny');
  });
});

test('training jobs still write their outputs and checkpoints outside models/', () => {
  const output = { principalArn: 'arn:aws:iam::111111111111:role/tst-training-execution', action: 's3:PutObject', resource: `arn:aws:s3:::${HOME}/jobs/j/output/model.tar.gz`, context: { ...tls, 's3:ObjectCreationOperation': 'true' } };
  expect(evaluate(bucketPolicies[HOME], output)).toBe('implicit-deny');
});

test('the TrainModel role may abort its multipart uploads and decrypt the regional key to complete them', () => {
  const abort = { principalArn: TRAIN_MODEL, action: 's3:AbortMultipartUpload', resource: `arn:aws:s3:::${REGIONAL}/${KEY}`, context: tls };
  expect(evaluate([...bucketPolicies[REGIONAL], ...trainModelPolicy], abort)).toBe('allow');
  const decrypt = { principalArn: TRAIN_MODEL, action: 'kms:Decrypt', resource: 'arn:aws:kms:eu-central-1:111111111111:key/k', context: { 'kms:ResourceAliases': 'alias/tst/models' } };
  expect(evaluate(trainModelPolicy, decrypt)).toBe('allow');
});
