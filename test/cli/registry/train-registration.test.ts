import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { ExitCode } from '../../../cli/exit-codes';
import { trainStepRegistry, writeModelVersions } from '../../../cli/lib/registry/train-step-registry';
import { runTraining } from '../../../cli/lib/training/run-training';
import type { TrainingReport } from '../../../cli/lib/training/training-report';
import { modelKeyFor } from '../../../config/model-definition';
import { LoopbackAws } from '../../helpers/aws-answers';
import { IMAGE_HASH, publishedHead, target, trainingConfig } from '../training/fixtures';
import { FakeRegistry } from './fake-registry';

/** the Train step's registration hook (run-training + train-step-registry) against a loopback SageMaker registry; the model store is mocked. */
const s3 = mockClient(S3Client);
const config = trainingConfig();
const MODEL_KEY = modelKeyFor(config, IMAGE_HASH);
const IDENTITY = MODEL_KEY.split('/')[1];
const BUCKET = 'tst-models-111111111111-eu-west-1';
const SERVING = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111111111111-eu-west-1:serving';
const loopback = new LoopbackAws();
let registry: FakeRegistry;
let sagemaker: SageMakerClient;
let reports: TrainingReport[];
let dir = '';

const deps = () => ({
  sagemaker,
  s3: new S3Client({ region: 'eu-west-1' }),
  s3In: (region: string) => new S3Client({ region }),
  sleep: async () => undefined,
  now: () => Date.parse('2026-12-02T02:00:00Z'),
  random: () => 'ab12',
  log: () => undefined,
  writeReport: async (report: TrainingReport) => {
    reports.push(report);
    await writeModelVersions(join(dir, 'report.json'), report);
  },
  registerVersion: trainStepRegistry({ config, sagemaker, modelsBucket: BUCKET, servingImageUri: SERVING, sleep: async () => undefined }),
});

beforeAll(async () => {
  const endpoint = await loopback.start();
  sagemaker = new SageMakerClient({ region: 'eu-west-1', endpoint, maxAttempts: 1, credentials: { accessKeyId: 'AKIDLOOPBACKTEST0000', secretAccessKey: 'loopback-secret-not-real' } });
});
afterAll(() => loopback.stop());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'train-registration-'));
  registry = new FakeRegistry(['tst-default']);
  registry.jobMetrics.set('tst-old-job', [{ MetricName: 'validation:accuracy', Value: 0.9667 }]);
  loopback.reset();
  loopback.answer = (request) => registry.answer(request);
  reports = [];
  s3.reset();
  s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: MODEL_KEY }).resolves(publishedHead(IDENTITY));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the Train step registers each published model', () => {
  test('a skipped model is registered once, then found: two runs leave one version, and both report it', async () => {
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.OK);
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.OK);
    expect(registry.versions).toHaveLength(1);
    expect(loopback.requests.filter((r) => r.target === 'SageMaker.CreateModelPackage')).toHaveLength(1);
    expect(reports.map((r) => r.models[0].modelVersion)).toEqual([
      expect.objectContaining({ version: 1, registered: 'now', status: 'PendingManualApproval' }),
      expect.objectContaining({ version: 1, registered: 'before' }),
    ]);
    // a skipped model's commit is not this run's: the version records none
    expect(registry.versions[0].request.MetadataProperties).toEqual({ GeneratedBy: 'arn:aws:sagemaker:eu-west-1:111111111111:training-job/tst-old-job', ProjectId: 'tst' });
    expect(readFileSync(join(dir, 'model-versions.txt'), 'utf8')).toBe('default=arn:aws:sagemaker:eu-west-1:111111111111:model-package/tst-default/1\n');
  });

  test('fails the model when its group does not exist, naming SageMaker\'s answer', async () => {
    registry.groups.delete('tst-default');
    await expect(runTraining(config, target(), deps())).resolves.not.toBe(ExitCode.OK);
    expect(reports[0].models[0]).toMatchObject({ outcome: 'error', failure: expect.stringContaining('Model Package Group tst-default does not exist') });
  });
});
