import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, HeadObjectCommand, S3Client, UploadPartCopyCommand, AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { CreateProcessingJobCommand, DescribeProcessingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { baselineKeys } from '../../../config/baseline-keys';
import { BaselineJobError, ensureBaseline } from '../../../cli/lib/monitoring/run-baseline';
import type { TrainingTarget } from '../../../cli/lib/training/step-environment';
import { serviceError } from '../training/fixtures';

/* Making a model's baseline: reused when it exists, otherwise the job runs and its files are published create-only. */

const s3 = mockClient(S3Client);
const sagemaker = mockClient(SageMakerClient);
const TARGET: TrainingTarget = {
  imageUri: 'img',
  roleArn: 'arn:aws:iam::111111111111:role/mlops-training-execution',
  modelsBucket: 'models-bucket',
  trainingDataBucket: 'data-bucket',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/0000',
  subnetIds: ['subnet-0a'],
  securityGroupId: 'sg-0c',
  expectedModelKey: undefined,
  commit: undefined,
  regionalStores: [],
};
const plan = { jobName: 'mlops-baseline-3f0c-1', region: 'eu-west-1', target: TARGET, trainChannelPrefix: 'iris/v1/train/', keys: baselineKeys('models/3f0c/model.tar.gz'), identity: '3f0c', projectPrefix: 'mlops', instanceType: 'ml.m5.xlarge', volumeSizeGb: 20 };
const notFound = () => Object.assign(serviceError('NotFound', 'not found'), { $metadata: { httpStatusCode: 404 } });

function deps() {
  const lines: string[] = [];
  const sleeps: number[] = [];
  return { lines, sleeps, value: { sagemaker: new SageMakerClient({ region: 'eu-west-1' }), s3: new S3Client({ region: 'eu-west-1' }), sleep: async (ms: number) => void sleeps.push(ms), log: (l: string) => lines.push(l), pollMs: 1000 } };
}

beforeEach(() => {
  s3.reset();
  sagemaker.reset();
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
  s3.on(UploadPartCopyCommand).resolves({ CopyPartResult: { ETag: '"e"' } });
  s3.on(CompleteMultipartUploadCommand).resolves({});
  s3.on(AbortMultipartUploadCommand).resolves({});
});

describe('ensureBaseline', () => {
  test('reuses a baseline that exists (a skipped training) and starts no job', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 10 });
    const d = deps();
    expect(await ensureBaseline(d.value, plan)).toEqual({ outcome: 'exists' });
    expect(sagemaker.commandCalls(CreateProcessingJobCommand)).toHaveLength(0);
    expect(d.lines).toEqual(['baseline s3://models-bucket/models/3f0c/baseline/ exists; reusing it']);
  });

  test('runs the job when the baseline is missing, waits, and publishes both files create-only beside the model', async () => {
    s3.on(HeadObjectCommand, { Key: 'models/3f0c/baseline/statistics.json' }).rejects(notFound());
    s3.on(HeadObjectCommand, { Key: 'baseline-jobs/mlops-baseline-3f0c-1/statistics.json' }).resolves({ ContentLength: 900 });
    s3.on(HeadObjectCommand, { Key: 'baseline-jobs/mlops-baseline-3f0c-1/constraints.json' }).resolves({ ContentLength: 300 });
    sagemaker.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: 'arn' });
    sagemaker.on(DescribeProcessingJobCommand).resolvesOnce({ ProcessingJobStatus: 'InProgress' }).resolvesOnce({ ProcessingJobStatus: 'InProgress' }).resolves({ ProcessingJobStatus: 'Completed' });
    const d = deps();
    expect(await ensureBaseline(d.value, plan)).toEqual({ outcome: 'published', jobName: 'mlops-baseline-3f0c-1' });
    expect(sagemaker.commandCalls(CreateProcessingJobCommand)[0].args[0].input.ProcessingJobName).toBe('mlops-baseline-3f0c-1');
    expect(d.sleeps).toEqual([1000, 1000]);
    const uploads = s3.commandCalls(CreateMultipartUploadCommand).map((c) => c.args[0].input);
    expect(uploads.map((u) => [u.Key, u.SSEKMSKeyId, u.ContentType])).toEqual([
      ['models/3f0c/baseline/statistics.json', TARGET.kmsKeyArn, 'application/json'],
      ['models/3f0c/baseline/constraints.json', TARGET.kmsKeyArn, 'application/json'],
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand).map((c) => c.args[0].input.IfNoneMatch)).toEqual(['*', '*']);
    expect(s3.commandCalls(UploadPartCopyCommand).map((c) => c.args[0].input.CopySource)).toEqual([
      'models-bucket/baseline-jobs/mlops-baseline-3f0c-1/statistics.json',
      'models-bucket/baseline-jobs/mlops-baseline-3f0c-1/constraints.json',
    ]);
  });

  test('keeps a file a concurrent run published meanwhile', async () => {
    s3.on(HeadObjectCommand, { Key: 'models/3f0c/baseline/statistics.json' }).rejects(notFound());
    s3.on(HeadObjectCommand, { Key: 'baseline-jobs/mlops-baseline-3f0c-1/statistics.json' }).resolves({ ContentLength: 900 });
    s3.on(HeadObjectCommand, { Key: 'baseline-jobs/mlops-baseline-3f0c-1/constraints.json' }).resolves({ ContentLength: 300 });
    s3.on(CompleteMultipartUploadCommand).rejects(serviceError('PreconditionFailed', 'exists'));
    sagemaker.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Completed' });
    const d = deps();
    expect((await ensureBaseline(d.value, plan)).outcome).toBe('published');
    expect(d.lines).toContain('s3://models-bucket/models/3f0c/baseline/constraints.json was published meanwhile; keeping it');
  });

  test('fails when the job fails, with its reason and where its logs are, and publishes nothing', async () => {
    s3.on(HeadObjectCommand).rejects(notFound());
    sagemaker.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Failed', FailureReason: 'AlgorithmError: no data', ExitMessage: 'dataset is empty' });
    const d = deps();
    await expect(ensureBaseline(d.value, plan)).rejects.toThrow(new BaselineJobError('baseline job mlops-baseline-3f0c-1 ended Failed: AlgorithmError: no data (dataset is empty); its logs are in /aws/sagemaker/ProcessingJobs'));
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  test('fails when S3 refuses the check for the baseline (not a missing key)', async () => {
    s3.on(HeadObjectCommand).rejects(Object.assign(serviceError('AccessDenied', 'denied'), { $metadata: { httpStatusCode: 403 } }));
    await expect(ensureBaseline(deps().value, plan)).rejects.toThrow('denied');
    expect(sagemaker.commandCalls(CreateProcessingJobCommand)).toHaveLength(0);
  });
});
