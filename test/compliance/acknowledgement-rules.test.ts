import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgementProblems, collectAcknowledgements, diffBaseline, suppressionMatcher, toBaseline } from '../../compliance/acknowledgement-policy';
import type { RecordedAcknowledgement } from '../../compliance/acknowledgement-policy';
import { ROOT } from './helpers/source-line';

const REASON = 'the bucket holds only public release notes that CloudFront already logs';

function recorded(construct: Construct, id: string, extra: Partial<RecordedAcknowledgement> = {}): RecordedAcknowledgement {
  return { path: construct.node.path, id, reason: REASON, madeAt: 'stages/x.ts:1', construct, ...extra };
}

function fixture() {
  const app = new App();
  const stack = new Stack(app, 'Store');
  const bucket = new s3.Bucket(stack, 'Notes');
  const cfn = new CfnBucket(stack, 'Raw');
  return { app, stack, bucket, cfn };
}

describe('acknowledgementProblems: where and how an acknowledgement is made', () => {
  test('fails when made on the app or a stage, naming "(app)" for the root and leaving out an unknown location', () => {
    const { app } = fixture();
    const stage = new Stage(app, 'Prod');
    expect(acknowledgementProblems([recorded(app, 'AwsSolutions::AwsSolutions-S1', { madeAt: '' }), recorded(stage, 'AwsSolutions::AwsSolutions-S1')])).toEqual([
      'AwsSolutions::AwsSolutions-S1 on (app) is made on a stage or the app; make it on the resource the finding concerns',
      'AwsSolutions::AwsSolutions-S1 on Prod (stages/x.ts:1) is made on a stage or the app; make it on the resource the finding concerns',
    ]);
  });

  test('accepts one made on an L1 resource itself, with no matcher given', () => {
    const { cfn } = fixture();
    expect(acknowledgementProblems([recorded(cfn, 'AwsSolutions::AwsSolutions-S1')])).toEqual([]);
  });

  test('accepts an unqualified id of a rule outside the packs, and a qualified one of the SageMaker pack', () => {
    const { cfn } = fixture();
    expect(acknowledgementProblems([recorded(cfn, 'CdkNagValidationFailure'), recorded(cfn, 'SageMaker::SageMaker-ModelVpcIsolation')], () => true)).toEqual([]);
  });

  test('fails when an id has the pack\'s rule behind another namespace, or a bracket before the separator', () => {
    const { cfn } = fixture();
    const problems = acknowledgementProblems([recorded(cfn, 'NIST.800.53.R5-S3BucketLoggingEnabled'), recorded(cfn, 'AwsSolutions-IAM5[Resource::a::b]')]);
    expect(problems).toEqual([
      "NIST.800.53.R5-S3BucketLoggingEnabled on Store/Raw (stages/x.ts:1) is not qualified with its pack: use acknowledge() from compliance/acknowledge.ts, or the id as `cdk synth` prints it, 'NIST.800.53.R5::NIST.800.53.R5-S3BucketLoggingEnabled', so the validation report records the finding it waives",
      "AwsSolutions-IAM5[Resource::a::b] on Store/Raw (stages/x.ts:1) is not qualified with its pack: use acknowledge() from compliance/acknowledge.ts, or the id as `cdk synth` prints it, 'AwsSolutions::AwsSolutions-IAM5[Resource::a::b]', so the validation report records the finding it waives",
    ]);
  });

  test('accepts each finding of a granular rule, and fails on the whole rule of each granular pack rule, naming an example', () => {
    const { cfn } = fixture();
    expect(acknowledgementProblems([recorded(cfn, 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:aws:iam::aws:policy/x]')])).toEqual([]);
    expect(acknowledgementProblems([recorded(cfn, 'SageMaker::SageMaker-ProductionVariantAutoscaling')])).toEqual([
      "SageMaker::SageMaker-ProductionVariantAutoscaling on Store/Raw (stages/x.ts:1) names the whole granular rule SageMaker-ProductionVariantAutoscaling; acknowledge each finding, e.g. 'SageMaker-ProductionVariantAutoscaling[Action::s3:GetObject*]', as `cdk synth` prints it",
    ]);
  });

  test('fails when a finding of one pack is qualified with another pack, brackets after the separator included', () => {
    const { cfn } = fixture();
    expect(acknowledgementProblems([recorded(cfn, 'NIST.800.53.R5::AwsSolutions-IAM5[Action::s3:GetObject*]')])).toEqual([
      "NIST.800.53.R5::AwsSolutions-IAM5[Action::s3:GetObject*] on Store/Raw (stages/x.ts:1) is not qualified with its pack: use acknowledge() from compliance/acknowledge.ts, or the id as `cdk synth` prints it, 'AwsSolutions::AwsSolutions-IAM5[Action::s3:GetObject*]', so the validation report records the finding it waives",
    ]);
  });

  test('accepts a qualified id of a rule of a pack the app does not run', () => {
    const { cfn } = fixture();
    expect(acknowledgementProblems([recorded(cfn, 'Serverless::Serverless-LambdaTracing')], () => true)).toEqual([]);
  });

  test('counts the reason without surrounding spaces: 40 characters pass, 39 fail', () => {
    const { cfn } = fixture();
    const forty = 'x'.repeat(40);
    expect(acknowledgementProblems([recorded(cfn, 'AwsSolutions::AwsSolutions-S1', { reason: forty })])).toEqual([]);
    expect(acknowledgementProblems([recorded(cfn, 'AwsSolutions::AwsSolutions-S1', { reason: `  ${'x'.repeat(39)}  ` })])).toEqual([
      `AwsSolutions::AwsSolutions-S1 on Store/Raw (stages/x.ts:1) has a reason of 39 characters ("  ${'x'.repeat(39)}  "); give at least 40 that state the evidence`,
    ]);
  });

  test('reports every problem of one acknowledgement, but not "waives no finding" when it is misplaced or misnamed', () => {
    const { stack, cfn } = fixture();
    const never = () => false;
    expect(acknowledgementProblems([recorded(stack, 'AwsSolutions-S1', { reason: 'short' })], never)).toHaveLength(3);
    expect(acknowledgementProblems([recorded(cfn, 'AwsSolutions::AwsSolutions-IAM5')], never)).toHaveLength(1);
    expect(acknowledgementProblems([recorded(cfn, 'AwsSolutions::AwsSolutions-S1', { reason: 'short' })], never)).toEqual([
      expect.stringContaining('has a reason of 5 characters'),
      'AwsSolutions::AwsSolutions-S1 on Store/Raw (stages/x.ts:1) waives no finding (the validation report has no finding it suppressed): the finding is gone, or is on no resource under Store/Raw; remove it',
    ]);
  });

  test('asks the matcher with the path and the id as recorded', () => {
    const { bucket } = fixture();
    const asked: [string, string][] = [];
    acknowledgementProblems([recorded(bucket, 'AwsSolutions::AwsSolutions-S1')], (path, id) => {
      asked.push([path, id]);
      return true;
    });
    expect(asked).toEqual([['Store/Notes', 'AwsSolutions::AwsSolutions-S1']]);
  });
});

describe('suppressionMatcher', () => {
  const plugins = [
    { suppressed: [{ suppression: { constructPath: 'Store/Notes', id: 'AwsSolutions::AwsSolutions-S1' } }, {}] },
    { suppressed: [{ suppression: { constructPath: 'Store/Raw', id: 'SageMaker::SageMaker-ModelVpcIsolation' } }] },
  ] as unknown as Parameters<typeof suppressionMatcher>[0];

  test('matches the suppressions of every plugin by path and id together', () => {
    const matches = suppressionMatcher(plugins);
    expect([
      matches('Store/Notes', 'AwsSolutions::AwsSolutions-S1'),
      matches('Store/Raw', 'SageMaker::SageMaker-ModelVpcIsolation'),
      matches('Store/Raw', 'AwsSolutions::AwsSolutions-S1'),
      matches('Store/Notes', 'SageMaker::SageMaker-ModelVpcIsolation'),
      matches('Store/NotesAwsSolutions::AwsSolutions-S1', ''),
    ]).toEqual([true, true, false, false, false]);
  });

  test('matches nothing without plugins', () => {
    expect(suppressionMatcher([])('Store/Notes', 'AwsSolutions::AwsSolutions-S1')).toBe(false);
  });
});

describe('the baseline: sorting and comparing', () => {
  test('sorts by path before id, and keeps the model identity of other ids', () => {
    const { cfn } = fixture();
    const entries = toBaseline([
      { path: 'B', id: 'A', reason: 'r', madeAt: '', construct: cfn },
      { path: 'A', id: 'Z', reason: 'r', madeAt: '', construct: cfn },
      { path: 'A', id: 'models/not-a-hash/*', reason: 'r', madeAt: '', construct: cfn },
    ]);
    expect(entries.map((e) => [e.path, e.id])).toEqual([
      ['A', 'models/not-a-hash/*'],
      ['A', 'Z'],
      ['B', 'A'],
    ]);
  });

  test('finds no difference between equal lists in any order, and tells entries apart by who made them', () => {
    const a = { path: 'P', id: 'A', reason: 'r' };
    const b = { path: 'P', id: 'B', reason: 'r' };
    expect(diffBaseline([a, b], [b, a])).toEqual({ added: [], removed: [] });
    expect(diffBaseline([{ ...a, madeBy: 'aws-cdk-lib' }], [a])).toEqual({ added: [{ ...a, madeBy: 'aws-cdk-lib' }], removed: [a] });
    expect(diffBaseline([{ path: 'PA', id: '', reason: 'r' }], [{ path: 'P', id: 'A', reason: 'r' }]).added).toHaveLength(1);
  });
  test('tells apart entries that two libraries made', () => {
    const a = { path: 'P', id: 'A', reason: 'r' };
    expect(diffBaseline([{ ...a, madeBy: 'aws-cdk-lib' }], [{ ...a, madeBy: 'cdk-nag' }])).toEqual({ added: [{ ...a, madeBy: 'aws-cdk-lib' }], removed: [{ ...a, madeBy: 'cdk-nag' }] });
  });
});

describe('collectAcknowledgements', () => {
  test('collects each id of each construct with its reason, and nothing from other metadata', () => {
    const { stack, bucket, cfn } = fixture();
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: REASON }, { id: 'AwsSolutions::AwsSolutions-S10', reason: 'second reason' });
    Validations.of(cfn).acknowledge({ id: 'AwsSolutions::AwsSolutions-S2', reason: 'third reason' });
    stack.node.addMetadata('other', { 'AwsSolutions::AwsSolutions-S3': 'not an acknowledgement' });
    const found = collectAcknowledgements(stack, ROOT);
    expect(found.map((a) => [a.path, a.id, a.reason, a.construct])).toEqual([
      ['Store/Notes', 'AwsSolutions::AwsSolutions-S1', REASON, bucket],
      ['Store/Notes', 'AwsSolutions::AwsSolutions-S10', 'second reason', bucket],
      ['Store/Raw', 'AwsSolutions::AwsSolutions-S2', 'third reason', cfn],
    ]);
    expect(found.every((a) => a.madeByLibrary === undefined && /^test\/compliance\/acknowledgement-rules\.test\.ts:\d+$/.test(a.madeAt))).toBe(true);
  });

  test('collects nothing from acknowledgement metadata that is not a mapping of ids', () => {
    const { stack } = fixture();
    stack.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, 'AwsSolutions::AwsSolutions-S1');
    expect(collectAcknowledgements(stack, ROOT)).toEqual([]);
  });

  test('collects metadata recorded without a stack trace, with no location and as the app\'s own', () => {
    const { stack, cfn } = fixture();
    cfn.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { 'AwsSolutions::AwsSolutions-S1': REASON });
    expect(collectAcknowledgements(stack, ROOT).map((a) => [a.id, a.madeAt, a.madeByLibrary])).toEqual([['AwsSolutions::AwsSolutions-S1', '', undefined]]);
  });

  test('collects only under the construct given', () => {
    const { stack, bucket, cfn } = fixture();
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: REASON });
    Validations.of(cfn).acknowledge({ id: 'AwsSolutions::AwsSolutions-S2', reason: REASON });
    expect(collectAcknowledgements(cfn, ROOT).map((a) => a.id)).toEqual(['AwsSolutions::AwsSolutions-S2']);
    expect(collectAcknowledgements(stack, ROOT)).toHaveLength(2);
  });
});
