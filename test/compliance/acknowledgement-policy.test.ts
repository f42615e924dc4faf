import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, qualifiedId } from '../../compliance/acknowledge';
import { acknowledgementProblems, collectAcknowledgements, diffBaseline, toBaseline } from '../../compliance/acknowledgement-policy';
import type { RecordedAcknowledgement } from '../../compliance/acknowledgement-policy';
import { lineOf, ROOT } from './helpers/source-line';

const REASON = 'the bucket holds only public release notes that CloudFront already logs';

function fixture() {
  const stack = new Stack(new App(), 'Store');
  const bucket = new s3.Bucket(stack, 'Notes');
  const group = new Construct(stack, 'Group');
  new s3.Bucket(group, 'One');
  new s3.Bucket(group, 'Two');
  return { stack, bucket, group };
}

const matchedAll = () => true;

describe('acknowledge()', () => {
  test('records each id qualified with its pack, on the resource', () => {
    const { bucket } = fixture();
    acknowledge(bucket, { ids: ['AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled'], reason: REASON });
    expect(collectAcknowledgements(bucket, ROOT).map((a) => [a.path, a.id, a.reason])).toEqual([
      ['Store/Notes', 'AwsSolutions::AwsSolutions-S1', REASON],
      ['Store/Notes', 'NIST.800.53.R5::NIST.800.53.R5-S3BucketLoggingEnabled', REASON],
    ]);
  });

  test('records where it was called, past the helper itself', () => {
    const { bucket } = fixture();
    acknowledge(bucket, { ids: ['AwsSolutions-S1'], reason: REASON }); // marker: helper call
    expect(collectAcknowledgements(bucket, ROOT)[0].madeAt).toBe(lineOf('test/compliance/acknowledgement-policy.test.ts', 'marker: helper call'));
  });

  test('fails when made on a stack', () => {
    const { stack } = fixture();
    expect(() => acknowledge(stack, { ids: ['AwsSolutions-S1'], reason: REASON })).toThrow(
      'acknowledgement of AwsSolutions-S1 on Store: acknowledge on the resource (or its L2 construct) the finding concerns, never on a stack, stage or app',
    );
  });

  test('fails when the reason is shorter than 40 characters', () => {
    const { bucket } = fixture();
    expect(() => acknowledge(bucket, { ids: ['AwsSolutions-S1'], reason: 'not needed' })).toThrow(/is shorter than 40 characters/);
  });

  test('qualifies granular ids at the pack separator, and leaves qualified and foreign ids alone', () => {
    expect(qualifiedId('AwsSolutions-IAM5[Action::s3:GetObject*]')).toBe('AwsSolutions::AwsSolutions-IAM5[Action::s3:GetObject*]');
    expect(qualifiedId('HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled')).toBe('HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled');
    expect(qualifiedId('CloudFormation-Validate::W3045')).toBe('CloudFormation-Validate::W3045');
    expect(qualifiedId('@aws-cdk/aws-s3:someWarning')).toBe('@aws-cdk/aws-s3:someWarning');
  });
});

describe('acknowledgementProblems', () => {
  function recorded(construct: Construct, id: string, reason = REASON, madeByLibrary?: string): RecordedAcknowledgement {
    return { path: construct.node.path, id, reason, madeAt: 'stages/x.ts:1', madeByLibrary, construct };
  }

  test('passes a qualified, granular-where-needed acknowledgement on an L2 construct that waived a finding', () => {
    const { bucket } = fixture();
    expect(acknowledgementProblems([recorded(bucket, 'AwsSolutions::AwsSolutions-S1'), recorded(bucket.node.defaultChild as Construct, 'AwsSolutions::AwsSolutions-IAM5[Resource::*]')], matchedAll)).toEqual([]);
  });

  test('fails when made on a stack', () => {
    const { stack } = fixture();
    expect(acknowledgementProblems([recorded(stack, 'AwsSolutions::AwsSolutions-S1')], matchedAll)).toEqual([
      'AwsSolutions::AwsSolutions-S1 on Store (stages/x.ts:1) is made on a stack; make it on the resource the finding concerns',
    ]);
  });

  test('fails when made on a construct that only groups resources', () => {
    const { group } = fixture();
    expect(acknowledgementProblems([recorded(group, 'AwsSolutions::AwsSolutions-S1')], matchedAll)).toEqual([
      'AwsSolutions::AwsSolutions-S1 on Store/Group (stages/x.ts:1) is made on Construct, which is neither a CloudFormation resource nor an L2 construct of one (it groups 2 resources); make it on the resource the finding concerns',
    ]);
  });

  test('fails when the id is not qualified with its pack', () => {
    const { bucket } = fixture();
    const [problem] = acknowledgementProblems([recorded(bucket, 'Annotation::AwsSolutions-S1')], matchedAll);
    expect(problem).toMatch(/^Annotation::AwsSolutions-S1 on Store\/Notes \(stages\/x\.ts:1\) is not qualified with its pack: .* 'AwsSolutions::AwsSolutions-S1'/);
  });

  test('fails when a granular rule is acknowledged as a whole', () => {
    const { bucket } = fixture();
    const [problem] = acknowledgementProblems([recorded(bucket, 'AwsSolutions::AwsSolutions-IAM5')], matchedAll);
    expect(problem).toMatch(/names the whole granular rule AwsSolutions-IAM5; acknowledge each finding/);
  });

  test('fails when the reason is under 40 characters', () => {
    const { bucket } = fixture();
    expect(acknowledgementProblems([recorded(bucket, 'AwsSolutions::AwsSolutions-S1', 'logging not needed here')], matchedAll)).toEqual([
      'AwsSolutions::AwsSolutions-S1 on Store/Notes (stages/x.ts:1) has a reason of 23 characters ("logging not needed here"); give at least 40 that state the evidence',
    ]);
  });

  test('fails when the acknowledgement waived no finding', () => {
    const { bucket } = fixture();
    const [problem] = acknowledgementProblems([recorded(bucket, 'AwsSolutions::AwsSolutions-S1')], () => false);
    expect(problem).toMatch(/^AwsSolutions::AwsSolutions-S1 on Store\/Notes \(stages\/x\.ts:1\) waives no finding/);
  });

  test('exempts acknowledgements a library made on its own constructs', () => {
    const { stack } = fixture();
    expect(acknowledgementProblems([recorded(stack, 'CloudFormation-Validate::F3002', 'short', 'aws-cdk-lib')], () => false)).toEqual([]);
  });
});

describe('the baseline', () => {
  test('is sorted by path then id and marks library acknowledgements', () => {
    const { bucket, stack } = fixture();
    const entries = toBaseline([
      { path: 'Store/Notes', id: 'B', reason: 'r', madeAt: '', construct: bucket },
      { path: 'Store/Notes', id: 'A', reason: 'r', madeAt: '', construct: bucket },
      { path: 'Store', id: 'C', reason: 'r', madeAt: '', madeByLibrary: 'aws-cdk-lib', construct: stack },
    ]);
    expect(entries).toEqual([
      { path: 'Store', id: 'C', reason: 'r', madeBy: 'aws-cdk-lib' },
      { path: 'Store/Notes', id: 'A', reason: 'r' },
      { path: 'Store/Notes', id: 'B', reason: 'r' },
    ]);
  });

  test('records the model folder without its content address, so retraining changes no waiver', () => {
    const { bucket } = fixture();
    const id = 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::mlops-models-111111111111-eu-west-1/models/89541a2513661a4a0ad0831e649816b2/*]';
    expect(toBaseline([{ path: 'P', id, reason: 'r', madeAt: '', construct: bucket }])).toEqual([
      { path: 'P', id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::mlops-models-111111111111-eu-west-1/models/<identity>/*]', reason: 'r' },
    ]);
  });

  test('fails to match when an acknowledgement is added, removed or its reason changed', () => {
    const base = [{ path: 'P', id: 'A', reason: 'r' }, { path: 'P', id: 'B', reason: 'r' }];
    const now = [{ path: 'P', id: 'A', reason: 'r2' }, { path: 'P', id: 'C', reason: 'r' }];
    expect(diffBaseline(now, base)).toEqual({
      added: [{ path: 'P', id: 'A', reason: 'r2' }, { path: 'P', id: 'C', reason: 'r' }],
      removed: [{ path: 'P', id: 'A', reason: 'r' }, { path: 'P', id: 'B', reason: 'r' }],
    });
  });

  test('collects acknowledgements made with Validations directly too', () => {
    const { bucket } = fixture();
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: REASON });
    expect(collectAcknowledgements(bucket, ROOT).map((a) => a.id)).toEqual(['Annotation::AwsSolutions-S1']);
  });
});
