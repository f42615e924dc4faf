import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, HeadObjectCommand, S3Client, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import { CreateTrainingJobCommand, DescribeTrainingJobCommand, SageMakerClient, SearchCommand } from '@aws-sdk/client-sagemaker';
import type { DescribeTrainingJobCommandOutput, SecondaryStatus, SecondaryStatusTransition } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { ExitCode } from '../../../cli/exit-codes';
import { runTraining } from '../../../cli/lib/training/run-training';
import type { TrainingReport } from '../../../cli/lib/training/training-report';
import { trainingJobRequest } from '../../../cli/lib/training/training-request';
import { catalogueEntries, modelKeyFor } from '../../../config/model-definition';
import { testConfig as testConfigWith } from '../../helpers/test-config';
import { COMMIT, IMAGE_HASH, KEY_ARN, publishedHead, serviceError, target, trainingConfig, WRITER } from './fixtures';

const sagemaker = mockClient(SageMakerClient);
const s3 = mockClient(S3Client);
const config = trainingConfig();
const MODEL_KEY = modelKeyFor(config, IMAGE_HASH);
const IDENTITY = MODEL_KEY.split('/')[1];
const START = Date.parse('2026-11-24T02:00:00Z');
// the first attempt of the key: <prefix>-<identity>-<attempt>
const JOB = `tst-${IDENTITY}-1`;
const BUCKET = 'tst-models-111111111111-eu-west-1';

let clock: number;
let lines: string[];
let reports: TrainingReport[];
let sleeps: number[];

function deps() {
  return {
    sagemaker: new SageMakerClient({ region: 'eu-west-1' }),
    s3: new S3Client({ region: 'eu-west-1' }),
    s3In: (region: string) => new S3Client({ region }),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    log: (line: string) => lines.push(line),
    writeReport: async (report: TrainingReport) => {
      reports.push(report);
    },
    pollDelayMs: 1000,
  };
}

const transition = (Status: SecondaryStatus, StatusMessage: string): SecondaryStatusTransition => ({ Status, StatusMessage, StartTime: new Date(START) });
const job = (fields: Partial<DescribeTrainingJobCommandOutput>): DescribeTrainingJobCommandOutput =>
  ({ TrainingJobName: JOB, TrainingJobArn: `arn:aws:sagemaker:eu-west-1:111111111111:training-job/${JOB}`, $metadata: {}, ...fields }) as DescribeTrainingJobCommandOutput;
const completed = (accuracy: number) =>
  job({
    TrainingJobStatus: 'Completed',
    SecondaryStatus: 'Completed',
    SecondaryStatusTransitions: [
      transition('Starting', 'Launching requested ML instances'),
      transition('Training', 'Training image download completed'),
      transition('Interrupted', 'Spot capacity reclaimed'),
      transition('Training', 'Resumed from checkpoint'),
      transition('Uploading', 'Uploading generated training model'),
      transition('Completed', 'Training job completed'),
    ],
    TrainingTimeInSeconds: 500,
    BillableTimeInSeconds: 100,
    FinalMetricDataList: [
      { MetricName: 'validation:loss', Value: 0.1 },
      { MetricName: 'validation:accuracy', Value: accuracy },
    ],
    ModelArtifacts: { S3ModelArtifacts: `s3://${BUCKET}/jobs/${JOB}/output/model.tar.gz` },
  });
const notFound = () => serviceError('NotFound', 'Not Found', 404);
const JOB_OUTPUT = `jobs/${JOB}/output/model.tar.gz`;

beforeEach(() => {
  sagemaker.reset();
  s3.reset();
  clock = START;
  lines = [];
  reports = [];
  sleeps = [];
  s3.on(HeadObjectCommand).rejects(notFound());
  s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: JOB_OUTPUT }).resolves({ ContentLength: 2048 });
  s3.on(CopyObjectCommand).resolves({});
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  s3.on(UploadPartCopyCommand).resolves({ CopyPartResult: { ETag: '"part"' } });
  s3.on(CompleteMultipartUploadCommand).resolves({});
  sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: `arn:aws:sagemaker:eu-west-1:111111111111:training-job/${JOB}` });
  // the tag query finds no job of the key
  sagemaker.on(SearchCommand).resolves({ Results: [] });
});

describe('runTraining', () => {
  it('skips training when the model key exists, saying which job produced it', async () => {
    s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: MODEL_KEY }).resolves(publishedHead(IDENTITY));
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.OK);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
    expect(lines.join('\n')).toContain(`model s3://${BUCKET}/${MODEL_KEY} exists: trained by job tst-old-job at commit abc1234 (validation:accuracy=0.9667)`);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ outcome: 'passed', trained: [], skipped: ['default'], failed: [] });
    expect(reports[0].models).toEqual([{ model: 'default', outcome: 'skipped', modelKey: MODEL_KEY, identity: IDENTITY, commit: COMMIT, trainingJob: 'tst-old-job' }]);
  });

  it('trains on spot, reports the savings and publishes the model to its content address', async () => {
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolvesOnce(job({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Starting', SecondaryStatusTransitions: [transition('Starting', 'Launching requested ML instances')] }))
      .resolves(completed(0.9667));
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.OK);

    const expected = trainingJobRequest({ training: config.training, target: target(), jobName: JOB, identity: IDENTITY, projectPrefix: 'tst', entry: { name: 'default' } });
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)[0].args[0].input).toEqual(expected);
    // a create-only write: CopyObject cannot carry If-None-Match under the bucket policy
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0].args[0].input).toEqual({
      Bucket: BUCKET,
      Key: MODEL_KEY,
      Metadata: { 'training-job': JOB, 'metric-name': 'validation:accuracy', 'metric-value': '0.9667', identity: IDENTITY, writer: WRITER, commit: COMMIT },
      ContentType: 'application/gzip',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
      BucketKeyEnabled: true,
    });
    expect(s3.commandCalls(UploadPartCopyCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: MODEL_KEY, UploadId: 'upload-1', PartNumber: 1, CopySource: `${BUCKET}/${JOB_OUTPUT}`, CopySourceRange: undefined },
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input).toEqual({
      Bucket: BUCKET,
      Key: MODEL_KEY,
      UploadId: 'upload-1',
      IfNoneMatch: '*',
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"part"' }] },
    });
    expect(reports).toHaveLength(1);
    expect(reports[0].models[0]).toMatchObject({
      outcome: 'published',
      trainingJob: JOB,
      cost: { trainingSeconds: 500, billableSeconds: 100, billedInstanceSeconds: 100, savingsPercent: 80 },
      spotInterruptions: 1,
      metric: { name: 'validation:accuracy', value: 0.9667, threshold: 0.9, passed: true },
    });
    const log = lines.join('\n');
    expect(log).toContain('[00:00:00] Starting: Launching requested ML instances');
    expect(log).toContain('spot interruption #1: Spot capacity reclaimed; SageMaker restarts the job from its latest checkpoint');
    expect(log).toContain('[00:00:01] job Completed (Completed)');
    expect(log).toContain('spot savings 80%');
  });

  it('fails when the job fails, printing its reason', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(job({ TrainingJobStatus: 'Failed', SecondaryStatus: 'Failed', FailureReason: 'AlgorithmError: missing channel train', TrainingTimeInSeconds: 60, BillableTimeInSeconds: 20 }));
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.TRAINING_FAILED);
    expect(lines.join('\n')).toContain(`training job ${JOB} failed: AlgorithmError: missing channel train`);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
    expect(reports[0].models[0]).toMatchObject({ outcome: 'failed', failure: expect.stringContaining('AlgorithmError') });
  });

  it('fails when the job stops with MaxWaitTimeExceeded, saying how to fix it', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(job({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'MaxWaitTimeExceeded', FailureReason: 'Training job exceeded MaxWaitTimeInSeconds', TrainingTimeInSeconds: 0, BillableTimeInSeconds: 0 }));
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.TRAINING_STOPPED);
    expect(lines.join('\n')).toMatch(/stopped: MaxWaitTimeExceeded: Training job exceeded MaxWaitTimeInSeconds; no spot capacity .* Raise maxWaitSeconds, choose another instanceType, or set spot: false/);
    expect(reports[0].models[0].outcome).toBe('stopped');
  });

  it('retries throttled status polls with backoff', async () => {
    sagemaker
      .on(DescribeTrainingJobCommand)
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded'))
      .resolves(completed(0.95));
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.OK);
    expect(sagemaker.commandCalls(DescribeTrainingJobCommand)).toHaveLength(3);
    expect(lines.filter((l) => l.includes('DescribeTrainingJob throttled'))).toHaveLength(2);
    // 2 s then 4 s, each with up to 50% jitter taken off
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
    expect(sleeps[0]).toBeLessThanOrEqual(2000);
    expect(sleeps[1]).toBeGreaterThanOrEqual(2000);
    expect(sleeps[1]).toBeLessThanOrEqual(4000);
  });

  it('fails when the validation metric is under the threshold, and publishes nothing', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(completed(0.8));
    await expect(runTraining(trainingConfig({ metric: { threshold: 0.9 } }), target(), deps())).resolves.toBe(ExitCode.METRIC_BELOW_THRESHOLD);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
    expect(lines.join('\n')).toContain('validation:accuracy = 0.8 misses the threshold (>= 0.9)');
    expect(reports[0].models[0]).toMatchObject({ outcome: 'metric-below-threshold', metric: { value: 0.8, passed: false } });
  });

  it('fails when the job reports no value of the gated metric', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({ ...completed(0.99), FinalMetricDataList: [] });
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.METRIC_BELOW_THRESHOLD);
    expect(lines.join('\n')).toContain('reported no final value of validation:accuracy');
  });

  it('fails when the Train stage expects another model key than the step computes', async () => {
    await expect(runTraining(config, target({ expectedModelKey: `models/${'0'.repeat(32)}/model.tar.gz` }), deps())).rejects.toThrow(/the deployed stage and the checked-out config differ/);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
  });

  it('fails when an object planted at the model key has no provenance, naming the key and what is missing, without training', async () => {
    s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: MODEL_KEY }).resolves({ Metadata: {}, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KEY_ARN, ContentLength: 10 });
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.MODEL_PROVENANCE_REJECTED);
    const [model] = reports[0].models;
    expect(model).toMatchObject({ outcome: 'error', error: { code: 'ModelProvenanceRejected' } });
    expect(model.failure).toContain(`s3://${BUCKET}/${MODEL_KEY} exists but was not published by this pipeline`);
    expect(model.failure).toMatch(/no training-job metadata.*identity metadata is missing.*records no validation metric.*writer is not recorded, not the TrainModel role arn:aws:iam::111111111111:role\/tst-train-model/);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
    expect(reports[0]).toMatchObject({ outcome: 'failed', trained: [], skipped: [], failed: ['default'] });
  });

  it('fails when the model at its key names another writer, another identity or another key', async () => {
    s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: MODEL_KEY }).resolves(
      publishedHead(IDENTITY, 'arn:aws:kms:eu-west-1:999999999999:key/other', { writer: 'arn:aws:iam::111111111111:role/someone', identity: '0'.repeat(32), 'training-job': 'evil-job' }),
    );
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.MODEL_PROVENANCE_REJECTED);
    const { failure } = reports[0].models[0];
    const problems = [
      'its training-job metadata "evil-job" is not a job of this project (names start with "tst-")',
      `its identity metadata is "${'0'.repeat(32)}", not the key's identity "${IDENTITY}"`,
      'its writer is "arn:aws:iam::111111111111:role/someone", not the TrainModel role arn:aws:iam::111111111111:role/tst-train-model',
      `it is encrypted with arn:aws:kms:eu-west-1:999999999999:key/other, not the bucket's model key ${KEY_ARN}`,
    ];
    expect(failure).toContain(problems.join('; '));
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
  });

  it('keeps a model another run published meanwhile when S3 refuses the create and the model is ours', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(completed(0.95));
    s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: MODEL_KEY }).rejectsOnce(notFound()).resolves(publishedHead(IDENTITY, KEY_ARN, { 'training-job': 'tst-other-run' }));
    s3.on(CompleteMultipartUploadCommand).rejects(serviceError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412));
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.OK);
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0].args[0].input).toEqual({ Bucket: BUCKET, Key: MODEL_KEY, UploadId: 'upload-1' });
    expect(lines.join('\n')).toContain(`s3://${BUCKET}/${MODEL_KEY} was published meanwhile by job tst-other-run; keeping that one (model keys are create-only)`);
  });

  it('fails when S3 refuses the create and what took the key is not ours', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(completed(0.95));
    s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: MODEL_KEY }).rejectsOnce(notFound()).resolves({ Metadata: {}, ContentLength: 1 });
    s3.on(CompleteMultipartUploadCommand).rejects(serviceError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412));
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.MODEL_PROVENANCE_REJECTED);
    expect(reports[0].models[0].failure).toContain(`s3://${BUCKET}/${MODEL_KEY} exists but was not published by this pipeline`);
  });
});

describe('runTraining with a catalogue', () => {
  const catalogue = trainingConfig();
  const three = testConfigWith({ models: { a1: {}, b2: { hyperparameters: { l2: '0.01' } }, c3: { hyperparameters: { l2: '0.02' } } } });
  const keys = catalogueEntries(three, IMAGE_HASH);

  it('fails when one model\'s run ends in an AWS error, and trains the others to their end', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(completed(0.97));
    sagemaker.on(CreateTrainingJobCommand).callsFake((input: { HyperParameters?: Record<string, string> }) => {
      if (input.HyperParameters?.l2 === '0.01') throw serviceError('ResourceLimitExceeded', 'The account-level service limit for ml.m5.large spot training is 2 instances');
      return { TrainingJobArn: 'arn:aws:sagemaker:eu-west-1:111111111111:training-job/x' };
    });
    await expect(runTraining(three, target(), deps())).resolves.toBe(ExitCode.AWS_ERROR);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(3);
    expect(s3.commandCalls(CompleteMultipartUploadCommand).map((c) => c.args[0].input.Key).sort()).toEqual([keys[0].key, keys[2].key].sort());
    expect(reports[0]).toMatchObject({ outcome: 'failed', trained: ['a1', 'c3'], skipped: [], failed: ['b2'] });
    expect(reports[0].models[1]).toMatchObject({ model: 'b2', outcome: 'error', failure: expect.stringContaining('ResourceLimitExceeded') });
    expect(lines.join('\n')).toContain('the Train step fails: b2 failed');
  });

  it('trains two models with the same settings once, reporting the second as the same model', async () => {
    const twins = testConfigWith({ models: { a1: {}, a2: {} } });
    sagemaker.on(DescribeTrainingJobCommand).resolves(completed(0.97));
    await expect(runTraining(twins, target(), deps())).resolves.toBe(ExitCode.OK);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(1);
    expect(reports[0].models[1]).toMatchObject({ model: 'a2', outcome: 'published', sameModelAs: 'a1' });
  });

  it('fails when the Train stage\'s catalogue has other keys than the step computes, naming the model', async () => {
    const expectedModelKeys = { a1: keys[0].key, b2: keys[0].key, c3: keys[2].key };
    await expect(runTraining(three, target({ expectedModelKeys }), deps())).rejects.toThrow(`model b2: expected ${keys[0].key}, computed ${keys[1].key}`);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
  });

  it('checks a one-model config against the single key of EXPECTED_MODEL_KEY', async () => {
    s3.on(HeadObjectCommand).resolves(publishedHead(IDENTITY, KEY_ARN));
    await expect(runTraining(catalogue, target({ expectedModelKey: MODEL_KEY }), deps())).resolves.toBe(ExitCode.OK);
  });
});
