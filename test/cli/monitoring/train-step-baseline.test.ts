import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, HeadObjectCommand, S3Client, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import { CreateProcessingJobCommand, DescribeProcessingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { ExitCode } from '../../../cli/exit-codes';
import { baselineJobName, trainStepBaseline } from '../../../cli/lib/monitoring/train-step-baseline';
import { runTraining } from '../../../cli/lib/training/run-training';
import type { TrainingReport } from '../../../cli/lib/training/training-report';
import { modelKeyFor } from '../../../config/model-definition';
import { testConfig } from '../../helpers/test-config';
import { IMAGE_HASH, KEY_ARN, publishedHead, ROLE_ARN, serviceError, target } from '../training/fixtures';

/* The Train step's baseline hook (run-training + train-step-baseline): mocked SageMaker and S3, a skipped model served by a monitored Prod stage. */

const s3 = mockClient(S3Client);
const sagemaker = mockClient(SageMakerClient);
const prod = (monitoring: boolean) => ({ name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'], endpoint: { kind: 'instance', dataCapture: { enabled: true }, monitoring: { enabled: monitoring, instanceType: 'ml.m5.large', volumeSizeGb: 30 } } });
const config = testConfig({ stages: [prod(true)] });
const MODEL_KEY = modelKeyFor(config, IMAGE_HASH);
const IDENTITY = MODEL_KEY.split('/')[1];
const HOME = 'tst-models-111111111111-eu-west-1';
const REGIONAL = 'tst-models-111111111111-eu-central-1';
const REGIONAL_KEY = 'arn:aws:kms:eu-central-1:111111111111:key/5678';
const NOW = Date.parse('2026-12-02T03:00:00Z');
const JOB = `tst-baseline-${IDENTITY.slice(0, 24)}-${NOW.toString(36)}`;
const STATISTICS = `models/${IDENTITY}/baseline/statistics.json`;
const CONSTRAINTS = `models/${IDENTITY}/baseline/constraints.json`;
const notFound = () => Object.assign(serviceError('NotFound', 'not found', 404), { $metadata: { httpStatusCode: 404 } });
const stepTarget = target({ regionalStores: [{ region: 'eu-central-1', bucket: REGIONAL, kmsKeyArn: REGIONAL_KEY }] });

let reports: TrainingReport[];
let lines: string[];

function deps(forConfig = config) {
  const sm = new SageMakerClient({ region: 'eu-west-1' });
  const home = new S3Client({ region: 'eu-west-1' });
  const s3In = (region: string) => new S3Client({ region });
  return {
    sagemaker: sm,
    s3: home,
    s3In,
    sleep: async () => undefined,
    now: () => NOW,
    log: (line: string) => lines.push(line),
    writeReport: async (report: TrainingReport) => void reports.push(report),
    ensureBaseline: trainStepBaseline({ config: forConfig, target: stepTarget, sagemaker: sm, s3: home, s3In, sleep: async () => undefined, now: () => NOW, pollMs: 10 }),
  };
}

beforeEach(() => {
  reports = [];
  lines = [];
  s3.reset();
  sagemaker.reset();
  // the model exists in both buckets: training is skipped
  s3.on(HeadObjectCommand).rejects(notFound());
  s3.on(HeadObjectCommand, { Bucket: HOME, Key: MODEL_KEY }).resolves(publishedHead(IDENTITY));
  s3.on(HeadObjectCommand, { Bucket: REGIONAL, Key: MODEL_KEY }).resolves(publishedHead(IDENTITY, REGIONAL_KEY));
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
  s3.on(UploadPartCopyCommand).resolves({ CopyPartResult: { ETag: '"e"' } });
  s3.on(CompleteMultipartUploadCommand).resolves({});
  s3.on(AbortMultipartUploadCommand).resolves({});
});

describe('a model served by a monitored stage', () => {
  test('without a baseline: the step sends this CreateProcessingJob, publishes both files beside the model and copies them to the stage\'s other region', async () => {
    sagemaker.on(CreateProcessingJobCommand).resolves({ ProcessingJobArn: `arn:aws:sagemaker:eu-west-1:111111111111:processing-job/${JOB}` });
    sagemaker.on(DescribeProcessingJobCommand).resolvesOnce({ ProcessingJobStatus: 'InProgress' }).resolves({ ProcessingJobStatus: 'Completed' });
    s3.on(HeadObjectCommand, { Bucket: HOME, Key: `baseline-jobs/${JOB}/statistics.json` }).resolves({ ContentLength: 900 });
    s3.on(HeadObjectCommand, { Bucket: HOME, Key: `baseline-jobs/${JOB}/constraints.json` }).resolves({ ContentLength: 300 });
    // published now, so found at home when the regional copy reads their size
    s3.on(HeadObjectCommand, { Bucket: HOME, Key: STATISTICS }).rejectsOnce(notFound()).resolves({ ContentLength: 900 });
    s3.on(HeadObjectCommand, { Bucket: HOME, Key: CONSTRAINTS }).resolves({ ContentLength: 300 });

    await expect(runTraining(config, stepTarget, deps())).resolves.toBe(ExitCode.OK);

    expect(sagemaker.commandCalls(CreateProcessingJobCommand).map((c) => c.args[0].input)).toEqual([
      {
        ProcessingJobName: JOB,
        RoleArn: ROLE_ARN,
        AppSpecification: { ImageUri: '468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
        Environment: {
          dataset_format: '{"csv":{"header":false,"output_columns_position":"START"}}',
          dataset_source: '/opt/ml/processing/input/baseline_dataset_input',
          output_path: '/opt/ml/processing/output',
          publish_cloudwatch_metrics: 'Disabled',
        },
        ProcessingInputs: [
          {
            InputName: 'baseline_dataset_input',
            S3Input: { S3Uri: `s3://tst-training-data-111111111111-eu-west-1/${config.models[0].training.channels.train.prefix}`, LocalPath: '/opt/ml/processing/input/baseline_dataset_input', S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated' },
          },
        ],
        ProcessingOutputConfig: { KmsKeyId: KEY_ARN, Outputs: [{ OutputName: 'monitoring_output', S3Output: { S3Uri: `s3://${HOME}/baseline-jobs/${JOB}/`, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }] },
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 30, VolumeKmsKeyId: KEY_ARN } },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true, VpcConfig: { SecurityGroupIds: ['sg-0ccc'], Subnets: ['subnet-0aaa', 'subnet-0bbb'] } },
        Tags: [
          { Key: 'mlpipe:project', Value: 'tst' },
          { Key: 'mlpipe:model-identity', Value: IDENTITY },
          { Key: 'mlpipe:baseline-of', Value: `models/${IDENTITY}/baseline/` },
          { Key: 'mlpipe:commit', Value: stepTarget.commit },
        ],
      },
    ]);
    const uploads = s3.commandCalls(CreateMultipartUploadCommand).map((c) => [c.args[0].input.Bucket, c.args[0].input.Key, c.args[0].input.SSEKMSKeyId]);
    expect(uploads).toEqual([
      [HOME, STATISTICS, KEY_ARN],
      [HOME, CONSTRAINTS, KEY_ARN],
      [REGIONAL, STATISTICS, REGIONAL_KEY],
      [REGIONAL, CONSTRAINTS, REGIONAL_KEY],
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand).map((c) => c.args[0].input.IfNoneMatch)).toEqual(['*', '*', '*', '*']);
    expect(reports[0].models[0]).toMatchObject({ outcome: 'skipped', baseline: { uri: `s3://${HOME}/models/${IDENTITY}/baseline/`, outcome: 'published', jobName: JOB, regions: [{ region: 'eu-central-1', outcome: 'copied' }] } });
  });

  test('with its baseline in place (a skipped training of a model seen before): no job is started and nothing is copied', async () => {
    for (const bucket of [HOME, REGIONAL]) for (const key of [STATISTICS, CONSTRAINTS]) s3.on(HeadObjectCommand, { Bucket: bucket, Key: key }).resolves({ ContentLength: 100 });
    await expect(runTraining(config, stepTarget, deps())).resolves.toBe(ExitCode.OK);
    expect(sagemaker.commandCalls(CreateProcessingJobCommand)).toHaveLength(0);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
    expect(reports[0].models[0].baseline).toEqual({ uri: `s3://${HOME}/models/${IDENTITY}/baseline/`, outcome: 'exists', regions: [{ region: 'eu-central-1', outcome: 'present' }] });
  });

  test('fails when the baseline job fails: exit 44, the reason and where the logs are, and the model stays published and in the report', async () => {
    sagemaker.on(CreateProcessingJobCommand).resolves({});
    sagemaker.on(DescribeProcessingJobCommand).resolves({ ProcessingJobStatus: 'Failed', FailureReason: 'ClientError: no CSV under the input' });
    await expect(runTraining(config, stepTarget, deps())).resolves.toBe(ExitCode.BASELINE_FAILED);
    expect(ExitCode.BASELINE_FAILED).toBe(44);
    const [model] = reports[0].models;
    expect(model).toMatchObject({ outcome: 'baseline-failed', modelKey: MODEL_KEY, trainingJob: 'tst-old-job', error: { code: 'BaselineFailed', service: 'SageMaker' } });
    expect(model.failure).toBe(
      `the data-quality baseline failed: baseline job ${JOB} ended Failed: ClientError: no CSV under the input; its logs are in /aws/sagemaker/ProcessingJobs. The model is published at ${MODEL_KEY} and stays; ` +
        'fix the cause and run the step again: training is skipped and the baseline is retried (a monitored endpoint needs it before it deploys)',
    );
    expect(reports[0]).toMatchObject({ outcome: 'failed', failed: ['default'] });
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  test('fails with the AWS failure\'s exit code when SageMaker refuses the job', async () => {
    sagemaker.on(CreateProcessingJobCommand).rejects(serviceError('AccessDeniedException', 'not authorized to perform: sagemaker:CreateProcessingJob', 403));
    await expect(runTraining(config, stepTarget, deps())).resolves.toBe(ExitCode.ACCESS_DENIED);
    expect(reports[0].models[0]).toMatchObject({ outcome: 'baseline-failed', modelKey: MODEL_KEY, failure: expect.stringContaining('sagemaker:CreateProcessingJob') });
  });
});

test('a model no monitored stage serves gets no baseline and no job', async () => {
  const unmonitored = testConfig({ stages: [prod(false)] });
  await expect(runTraining(unmonitored, stepTarget, deps(unmonitored))).resolves.toBe(ExitCode.OK);
  expect(sagemaker.commandCalls(CreateProcessingJobCommand)).toHaveLength(0);
  expect(reports[0].models[0].baseline).toBeUndefined();
});

test('baseline job names are unique per attempt, at most 63 characters, and fail when the prefix makes them too long', () => {
  expect(baselineJobName('tst', 'f'.repeat(32), NOW)).toBe(`tst-baseline-${'f'.repeat(24)}-${NOW.toString(36)}`);
  expect(baselineJobName('p'.repeat(20), 'f'.repeat(32), NOW)).toHaveLength(63);
  expect(() => baselineJobName('p'.repeat(21), 'f'.repeat(32), NOW)).toThrow('shorten project.prefix');
});
