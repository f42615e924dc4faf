import { CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, HeadObjectCommand, S3Client, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import { CreateTrainingJobCommand, DescribeTrainingJobCommand, SageMakerClient, SearchCommand } from '@aws-sdk/client-sagemaker';
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { ExitCode } from '../../../cli/exit-codes';
import { runTraining } from '../../../cli/lib/training/run-training';
import { readTrainingTarget, StepEnvironmentError } from '../../../cli/lib/training/step-environment';
import type { TrainingReport } from '../../../cli/lib/training/training-report';
import { modelKeyFor } from '../../../config/model-definition';
import { IMAGE_HASH, publishedHead, serviceError, stepEnv, target, trainingConfig } from './fixtures';

const sagemaker = mockClient(SageMakerClient);
const s3 = mockClient(S3Client);
const config = trainingConfig();
const MODEL_KEY = modelKeyFor(config, IMAGE_HASH);
const IDENTITY = MODEL_KEY.split('/')[1];
const HOME = 'tst-models-111111111111-eu-west-1';
const FRANKFURT = { region: 'eu-central-1', bucket: 'tst-models-111111111111-eu-central-1', kmsKeyArn: 'arn:aws:kms:eu-central-1:111111111111:key/frankfurt' };
const VIRGINIA = { region: 'us-east-1', bucket: 'tst-models-111111111111-us-east-1', kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/virginia' };
const notFound = () => serviceError('NotFound', 'Not Found', 404);

let lines: string[];
let reports: TrainingReport[];
let clientRegions: string[];

function deps() {
  return {
    sagemaker: new SageMakerClient({ region: 'eu-west-1' }),
    s3: new S3Client({ region: 'eu-west-1' }),
    s3In: (region: string) => {
      clientRegions.push(region);
      return new S3Client({ region });
    },
    sleep: async () => undefined,
    now: () => Date.parse('2026-11-24T02:00:00Z'),
    log: (line: string) => lines.push(line),
    writeReport: async (report: TrainingReport) => {
      reports.push(report);
    },
    pollDelayMs: 1,
  };
}

const regionalTarget = () => target({ regionalStores: [FRANKFURT, VIRGINIA] });
const copyTo = (bucket: string) => s3.commandCalls(CompleteMultipartUploadCommand).filter((c) => c.args[0].input.Bucket === bucket);

beforeEach(() => {
  sagemaker.reset();
  s3.reset();
  lines = [];
  reports = [];
  clientRegions = [];
  // the tag query finds no job of the key: a new one is started
  sagemaker.on(SearchCommand).resolves({ Results: [] });
  s3.on(HeadObjectCommand).rejects(notFound());
  s3.on(HeadObjectCommand, { Bucket: HOME, Key: MODEL_KEY }).resolves(publishedHead(IDENTITY));
  s3.on(CopyObjectCommand).resolves({});
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  s3.on(UploadPartCopyCommand).resolves({ CopyPartResult: { ETag: '"part"' } });
  s3.on(CompleteMultipartUploadCommand).resolves({});
});

describe('regional copies of the model', () => {
  it('copies the model to the regions that lack it and leaves it where it is, saying which per region', async () => {
    s3.on(HeadObjectCommand, { Bucket: VIRGINIA.bucket, Key: MODEL_KEY }).resolves(publishedHead(IDENTITY, VIRGINIA.kmsKeyArn));
    await expect(runTraining(config, regionalTarget(), deps())).resolves.toBe(ExitCode.OK);

    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(CreateMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([
      {
        Bucket: FRANKFURT.bucket,
        Key: MODEL_KEY,
        Metadata: publishedHead(IDENTITY).Metadata,
        ContentType: 'application/gzip',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: FRANKFURT.kmsKeyArn,
        BucketKeyEnabled: true,
      },
    ]);
    expect(s3.commandCalls(UploadPartCopyCommand).map((c) => c.args[0].input.CopySource)).toEqual([`${HOME}/${MODEL_KEY}`]);
    expect(copyTo(FRANKFURT.bucket).map((c) => c.args[0].input.IfNoneMatch)).toEqual(['*']);
    expect(copyTo(VIRGINIA.bucket)).toHaveLength(0);
    expect(clientRegions).toEqual(['eu-central-1', 'us-east-1']);
    expect(lines).toEqual(
      expect.arrayContaining([`[default] eu-central-1: copied the model to s3://${FRANKFURT.bucket}/${MODEL_KEY}`, `[default] us-east-1: s3://${VIRGINIA.bucket}/${MODEL_KEY} exists; not copied`]),
    );
    expect(reports[0].models[0]).toMatchObject({
      outcome: 'skipped',
      regionalCopies: [
        { region: 'eu-central-1', bucket: FRANKFURT.bucket, outcome: 'copied' },
        { region: 'us-east-1', bucket: VIRGINIA.bucket, outcome: 'present' },
      ],
    });
  });

  it('copies a newly trained model after publishing it to the home bucket', async () => {
    s3.on(HeadObjectCommand, { Bucket: HOME, Key: MODEL_KEY }).rejectsOnce(notFound()).resolves(publishedHead(IDENTITY, undefined, { 'training-job': 'tst-job' }));
    s3.on(HeadObjectCommand, { Bucket: HOME, Key: 'jobs/tst-job/output/model.tar.gz' }).resolves({ ContentLength: 2048 });
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn:aws:sagemaker:eu-west-1:111111111111:training-job/tst-job' });
    sagemaker.on(DescribeTrainingJobCommand).resolves({
      TrainingJobStatus: 'Completed',
      SecondaryStatus: 'Completed',
      TrainingTimeInSeconds: 100,
      BillableTimeInSeconds: 40,
      FinalMetricDataList: [{ MetricName: 'validation:accuracy', Value: 0.97 }],
      ModelArtifacts: { S3ModelArtifacts: `s3://${HOME}/jobs/tst-job/output/model.tar.gz` },
      $metadata: {},
    } as DescribeTrainingJobCommandOutput);
    await expect(runTraining(config, target({ regionalStores: [FRANKFURT] }), deps())).resolves.toBe(ExitCode.OK);
    expect(s3.commandCalls(CompleteMultipartUploadCommand).map((c) => c.args[0].input.Bucket)).toEqual([HOME, FRANKFURT.bucket]);
    expect(reports[0].models[0]).toMatchObject({ outcome: 'published', regionalCopies: [{ region: 'eu-central-1', outcome: 'copied' }] });
    expect(lines).toContain('[default] regional copies: eu-central-1 copied');
  });

  it('fails when a copy fails, naming the region and bucket, after trying every region', async () => {
    s3.on(UploadPartCopyCommand, { Bucket: FRANKFURT.bucket }).rejects(serviceError('AccessDenied', 'Access Denied', 403));
    await expect(runTraining(config, regionalTarget(), deps())).resolves.toBe(ExitCode.REGIONAL_COPY_FAILED);
    const failure = lines.find((l) => l.startsWith('[default] eu-central-1: copying'));
    expect(failure).toContain(`copying s3://${HOME}/${MODEL_KEY} to s3://${FRANKFURT.bucket}/${MODEL_KEY} failed: access denied (Access Denied)`);
    expect(failure).toContain('retry the TrainModel action');
    expect(copyTo(VIRGINIA.bucket)).toHaveLength(1);
    expect(reports[0].models[0].regionalCopies).toEqual([
      { region: 'eu-central-1', bucket: FRANKFURT.bucket, outcome: 'failed', error: expect.stringContaining('Access Denied') },
      { region: 'us-east-1', bucket: VIRGINIA.bucket, outcome: 'copied' },
    ]);
  });

  it('fails when the regional bucket cannot be checked, without copying into it', async () => {
    s3.on(HeadObjectCommand, { Bucket: FRANKFURT.bucket }).rejects(serviceError('NoSuchBucket', 'The specified bucket does not exist', 404));
    await expect(runTraining(config, target({ regionalStores: [FRANKFURT] }), deps())).resolves.toBe(ExitCode.REGIONAL_COPY_FAILED);
    expect(copyTo(FRANKFURT.bucket)).toHaveLength(0);
    expect(lines.join('\n')).toContain(`eu-central-1: copying s3://${HOME}/${MODEL_KEY} to s3://${FRANKFURT.bucket}/${MODEL_KEY} failed: S3 returned NoSuchBucket`);
  });

  it('retries a throttled copy', async () => {
    s3.on(CreateMultipartUploadCommand, { Bucket: FRANKFURT.bucket }).rejectsOnce(serviceError('SlowDown', 'Please reduce your request rate', 503)).resolves({ UploadId: 'upload-2' });
    await expect(runTraining(config, target({ regionalStores: [FRANKFURT] }), deps())).resolves.toBe(ExitCode.OK);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(2);
    expect(copyTo(FRANKFURT.bucket)).toHaveLength(1);
  });

  it('fails the region when its copy is not ours (planted, or under another key), leaving it and naming what is wrong', async () => {
    s3.on(HeadObjectCommand, { Bucket: FRANKFURT.bucket, Key: MODEL_KEY }).resolves(publishedHead(IDENTITY, FRANKFURT.kmsKeyArn, { writer: undefined }));
    s3.on(HeadObjectCommand, { Bucket: VIRGINIA.bucket, Key: MODEL_KEY }).resolves(publishedHead(IDENTITY, FRANKFURT.kmsKeyArn));
    await expect(runTraining(config, regionalTarget(), deps())).resolves.toBe(ExitCode.REGIONAL_COPY_FAILED);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
    expect(reports[0].models[0].regionalCopies).toEqual([
      { region: 'eu-central-1', bucket: FRANKFURT.bucket, outcome: 'failed', error: expect.stringContaining(`s3://${FRANKFURT.bucket}/${MODEL_KEY} exists but was not published by this pipeline, so it is neither reused nor served: its writer is not recorded`) },
      { region: 'us-east-1', bucket: VIRGINIA.bucket, outcome: 'failed', error: expect.stringContaining(`it is encrypted with ${FRANKFURT.kmsKeyArn}, not the bucket's model key ${VIRGINIA.kmsKeyArn}`) },
    ]);
  });
});

describe('readTrainingTarget with regional stores', () => {
  const regional = { MODELS_BUCKET_EU_CENTRAL_1: FRANKFURT.bucket, MODEL_KMS_KEY_ARN_EU_CENTRAL_1: FRANKFURT.kmsKeyArn };

  it('reads the bucket and key of every region it is given', () => {
    expect(readTrainingTarget(stepEnv(regional), ['eu-central-1']).regionalStores).toEqual([FRANKFURT]);
    expect(readTrainingTarget(stepEnv(regional)).regionalStores).toEqual([]);
  });

  it('fails when a region\'s variables are missing or its key is in another region, naming the region', () => {
    let error: unknown;
    try {
      readTrainingTarget(stepEnv({ MODEL_KMS_KEY_ARN_EU_CENTRAL_1: 'arn:aws:kms:eu-west-1:111111111111:key/home' }), ['eu-central-1']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StepEnvironmentError);
    expect((error as StepEnvironmentError).problems).toEqual([
      'MODELS_BUCKET_EU_CENTRAL_1 is not set: the models bucket of eu-central-1 (output ModelsBucketName of stack <prefix>-model-store-eu-central-1; a stage deploys to eu-central-1, so the model is copied there)',
      'MODEL_KMS_KEY_ARN_EU_CENTRAL_1 "arn:aws:kms:eu-west-1:111111111111:key/home" is not a KMS key ARN in eu-central-1 such as "arn:aws:kms:eu-central-1:111111111111:key/<id>"',
    ]);
  });
});
