import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ExitCode } from '../../../cli/exit-codes';
import { modelKeyFor } from '../../../config/model-definition';
import type { CliResult } from '../../helpers/run-cli';
import { loopbackAwsEnv } from '../../helpers/run-cli';
import { baseDocument, testConfig } from '../../helpers/test-config';
import { IMAGE_HASH, KEY_ARN, stepEnv } from './fixtures';
import { LoopbackS3 } from './loopback-s3';
import type { FakeJob } from './loopback-sagemaker';
import { LoopbackSageMaker } from './loopback-sagemaker';

/**
 * training that never pays twice, proven with the real `mlpipe train` process against a loopback
 * SageMaker and S3: a stopped step stops its job (StopTrainingJob), a job in progress for the
 * model key is attached to (the tag query), two racing steps start exactly one job (ResourceInUse),
 * and the next attempt after a failed one checkpoints to the same key-addressed prefix.
 */
const BIN = join(__dirname, '..', '..', '..', 'bin', 'mlpipe.cjs');
const BUCKET = 'tst-models-111111111111-eu-west-1';
const MODEL_KEY = modelKeyFor(testConfig(), IMAGE_HASH);
const IDENTITY = MODEL_KEY.split('/')[1];
const JOB1 = `tst-${IDENTITY}-1`;
const JOB2 = `tst-${IDENTITY}-2`;
const CHECKPOINTS = `s3://${BUCKET}/checkpoints/${IDENTITY}/`;
const KEY_TAG = { Key: 'mlpipe:model-key', Value: MODEL_KEY };

let server: Server;
let endpoint = '';
let home = '';
let s3 = new LoopbackS3();
let sagemaker = new LoopbackSageMaker();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (s3.handle(req, res)) return;
      void sagemaker.answer(String(req.headers['x-amz-target']), body, req.headers).then((answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = mkdtempSync(join(tmpdir(), 'mlpipe-train-recovery-'));
  writeFileSync(join(home, 'pipeline.yaml'), stringify(baseDocument()));
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

beforeEach(() => {
  s3 = new LoopbackS3();
  sagemaker = new LoopbackSageMaker();
});

/** starts `mlpipe train` signed with its own access key; resolves when it exits. */
function startTrain(out: string, accessKey = 'AKIDLOOPBACKTEST0000'): { child: ChildProcess; done: Promise<CliResult> } {
  const env = loopbackAwsEnv(home, { ...stepEnv(), AWS_ENDPOINT_URL_SAGEMAKER: endpoint, AWS_ENDPOINT_URL_S3: endpoint, AWS_ACCESS_KEY_ID: accessKey });
  const child = spawn(process.execPath, [BIN, 'train', '--report', `${out}/report.json`], { cwd: home, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mlpipe train did not finish within 40 s; stdout so far: ${stdout}`));
    }, 40_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done };
}

/** the job as SageMaker describes it when it completed: a model in its output, metrics, billing. */
function complete(job: FakeJob, interruptions = 0): FakeJob {
  if (job.TrainingJobStatus !== 'Completed') {
    const output = `jobs/${job.TrainingJobName}/output/model.tar.gz`;
    s3.objects.set(`${BUCKET}/${output}`, { size: 2048, metadata: {}, kmsKeyId: KEY_ARN });
    Object.assign(job, {
      TrainingJobStatus: 'Completed',
      SecondaryStatus: 'Completed',
      SecondaryStatusTransitions: [
        ...job.SecondaryStatusTransitions,
        ...Array.from({ length: interruptions }, () => ({ Status: 'Interrupted', StartTime: job.CreationTime + 100, StatusMessage: 'Spot capacity reclaimed' })),
        { Status: 'Completed', StartTime: job.CreationTime + 700 },
      ],
      TrainingTimeInSeconds: 600,
      BillableTimeInSeconds: 180,
      TrainingEndTime: job.CreationTime + 900,
      FinalMetricDataList: [{ MetricName: 'validation:accuracy', Value: 0.9667, Timestamp: job.CreationTime + 690 }],
      ModelArtifacts: { S3ModelArtifacts: `s3://${BUCKET}/${output}` },
    });
  }
  return job;
}

const operations = () => sagemaker.calls.map((c) => c.operation);
const reportIn = (out: string) => JSON.parse(readFileSync(join(home, out, 'report.json'), 'utf8')) as { outcome: string; failed: string[]; models: Record<string, unknown>[] };

describe('mlpipe train never pays twice (loopback SageMaker and S3)', () => {
  test('a stopped step (SIGTERM) sends StopTrainingJob for its job, waits for Stopped, reports the model and exits 39', async () => {
    const running: { child?: ChildProcess } = {};
    sagemaker.describe = (job) => {
      // CodeBuild stops the build while the step waits for its job
      if (job.TrainingJobStatus === 'InProgress') setTimeout(() => running.child?.kill('SIGTERM'), 300);
      if (job.TrainingJobStatus === 'Stopping') Object.assign(job, { TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped', TrainingTimeInSeconds: 120, BillableTimeInSeconds: 40, TrainingEndTime: job.CreationTime + 150 });
      return job;
    };
    const run = startTrain('out-stop');
    running.child = run.child;
    const result = await run.done;
    expect(result.code).toBe(ExitCode.TRAINING_INTERRUPTED);
    expect(operations()).toEqual(['Search', 'CreateTrainingJob', 'DescribeTrainingJob', 'StopTrainingJob', 'DescribeTrainingJob']);
    expect(sagemaker.calls[3].body).toEqual({ TrainingJobName: JOB1 });
    expect(result.stdout).toContain(`received SIGTERM: stopping the 1 training job(s) this step started (${JOB1})`);
    expect(result.stdout).toContain(`[default] sent StopTrainingJob for ${JOB1}`);
    expect(result.stdout).toMatch(new RegExp(`\\[default\\] training job ${JOB1} is Stopped after \\d+ s`));
    expect(result.stdout).toContain('FAILED   default (interrupted): the train step received SIGTERM');
    expect(result.stderr).toContain('mlpipe train: the train step received SIGTERM');
    const report = reportIn('out-stop');
    expect(report).toMatchObject({ outcome: 'failed', failed: ['default'] });
    expect(report.models[0]).toMatchObject({ outcome: 'interrupted', trainingJob: JOB1, stop: { signal: 'SIGTERM', stopRequested: true, status: 'Stopped' }, cost: { trainingSeconds: 120, billableSeconds: 40 }, wallSeconds: 150 });
    expect(readFileSync(join(home, 'out-stop', 'training.junit.xml'), 'utf8')).toContain('<failure type="interrupted" message="the train step received SIGTERM');
    expect(s3.objects.has(`${BUCKET}/${MODEL_KEY}`)).toBe(false);
  });

  test('a step stopped while its job is already Stopping takes StopTrainingJob\'s ValidationException as done and waits for Stopped', async () => {
    const running: { child?: ChildProcess } = {};
    sagemaker.describe = (job) => {
      if (job.TrainingJobStatus === 'InProgress') {
        // someone stopped the job in the console, then CodeBuild stops the build
        setTimeout(() => Object.assign(job, { TrainingJobStatus: 'Stopping', SecondaryStatus: 'Stopping' }), 100);
        setTimeout(() => running.child?.kill('SIGTERM'), 300);
        return { ...job };
      }
      if (job.TrainingJobStatus === 'Stopping') Object.assign(job, { TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped', TrainingTimeInSeconds: 60, BillableTimeInSeconds: 60 });
      return job;
    };
    const run = startTrain('out-stopping');
    running.child = run.child;
    const result = await run.done;
    expect(result.code).toBe(ExitCode.TRAINING_INTERRUPTED);
    expect(operations()).toEqual(['Search', 'CreateTrainingJob', 'DescribeTrainingJob', 'StopTrainingJob', 'DescribeTrainingJob']);
    expect(result.stdout).toContain(`StopTrainingJob for ${JOB1}: The request was rejected because the training job is in status Stopping. (it is already stopping or has ended)`);
    expect(reportIn('out-stopping').models[0]).toMatchObject({ outcome: 'interrupted', stop: { stopRequested: false, status: 'Stopped' }, cost: { savingsPercent: 0 } });
  });

  test('attaches to the job in progress that the tag query finds, and starts none', async () => {
    sagemaker.seed({ TrainingJobName: JOB1, Tags: [KEY_TAG], CheckpointConfig: { S3Uri: CHECKPOINTS } });
    sagemaker.describe = (job) => complete(job, 2);
    const result = await startTrain('out-attach').done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(operations()).toEqual(['Search', 'DescribeTrainingJob']);
    // the tag query: Search on TrainingJob, filtered by the model-key tag, newest first
    expect(sagemaker.calls[0].body).toEqual({
      Resource: 'TrainingJob',
      SearchExpression: { Filters: [{ Name: 'Tags.mlpipe:model-key', Operator: 'Equals', Value: MODEL_KEY }] },
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 10,
    });
    expect(result.stdout).toContain(`attaching to training job ${JOB1} (InProgress, found by tag mlpipe:model-key=${MODEL_KEY})`);
    expect(s3.objects.get(`${BUCKET}/${MODEL_KEY}`)?.metadata['training-job']).toBe(JOB1);
    expect(reportIn('out-attach').models[0]).toMatchObject({ outcome: 'published', trainingJob: JOB1, attached: true, attempt: 1, spotInterruptions: 2, wallSeconds: 900, cost: { billableSeconds: 180, savingsPercent: 70 } });
    expect(result.stdout).toContain('training time 600 s, billable 180 s per instance, wall 900 s, spot savings 70%, 2 spot interruption(s)');
  });

  test('two steps racing for one model key start exactly one job: the second gets ResourceInUse and attaches', async () => {
    // both searches are answered only once both arrived: neither run sees the other's job
    let release: () => void = () => undefined;
    const bothSearched = new Promise<void>((done) => (release = done));
    sagemaker.beforeSearch = async () => {
      if (sagemaker.calls.filter((c) => c.operation === 'Search').length === 2) release();
      await bothSearched;
    };
    // the refused run sees the job InProgress (and attaches); the job completes once it has
    let attached: () => void = () => undefined;
    const loserAttached = new Promise<void>((done) => (attached = done));
    const checked = new Set<string>();
    sagemaker.describe = async (job, caller) => {
      if ((sagemaker.refused.get(job.TrainingJobName) ?? []).includes(caller) && !checked.has(caller)) {
        checked.add(caller);
        attached();
        return { ...job };
      }
      await loserAttached;
      return complete(job);
    };
    const [a, b] = await Promise.all([startTrain('out-race-a', 'AKIDRACEA00000000000').done, startTrain('out-race-b', 'AKIDRACEB00000000000').done]);
    expect([a.code, b.code]).toEqual([ExitCode.OK, ExitCode.OK]);
    const creates = sagemaker.calls.filter((c) => c.operation === 'CreateTrainingJob');
    expect(creates.map((c) => c.body.TrainingJobName)).toEqual([JOB1, JOB1]);
    expect([...sagemaker.jobs.keys()]).toEqual([JOB1]);
    expect(sagemaker.refused.get(JOB1)).toHaveLength(1);
    const reports = [reportIn('out-race-a').models[0], reportIn('out-race-b').models[0]];
    expect(reports.map((r) => r.trainingJob)).toEqual([JOB1, JOB1]);
    expect(reports.map((r) => r.attached).sort()).toEqual([false, true]);
    expect(`${a.stdout}${b.stdout}`).toContain(`training job ${JOB1} was created by another run a moment ago (CreateTrainingJob answered ResourceInUse); attaching to it`);
    expect(s3.objects.get(`${BUCKET}/${MODEL_KEY}`)?.metadata['training-job']).toBe(JOB1);
  });

  test('after an attempt failed following spot interruptions, the next one checkpoints to the same key prefix and resumes; a throttled tag query is retried', async () => {
    sagemaker.seed({
      TrainingJobName: JOB1,
      Tags: [KEY_TAG],
      TrainingJobStatus: 'Failed',
      SecondaryStatus: 'Failed',
      FailureReason: 'CapacityError: Unable to provision requested ML compute capacity',
      SecondaryStatusTransitions: ['Training', 'Interrupted', 'Training', 'Interrupted', 'Training', 'Interrupted', 'Failed'].map((Status, i) => ({ Status, StartTime: 1_790_000_000 + i * 60 })),
      CheckpointConfig: { S3Uri: CHECKPOINTS, LocalPath: '/opt/ml/checkpoints' },
      TrainingTimeInSeconds: 900,
      BillableTimeInSeconds: 300,
    });
    sagemaker.throttle.push('Search');
    sagemaker.describe = (job) => complete(job, 1);
    const result = await startTrain('out-resume').done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    // the throttled Search is asked again (the SDK's own retry), then the next attempt is created
    expect(operations()).toEqual(['Search', 'Search', 'CreateTrainingJob', 'DescribeTrainingJob']);
    const create = sagemaker.calls[2].body as { TrainingJobName: string; CheckpointConfig: unknown; Tags: { Key: string; Value: string }[] };
    expect(create.TrainingJobName).toBe(JOB2);
    // the failed attempt's prefix, exactly: SageMaker copies its checkpoints into /opt/ml/checkpoints
    expect(create.CheckpointConfig).toEqual({ S3Uri: CHECKPOINTS, LocalPath: '/opt/ml/checkpoints' });
    expect(sagemaker.jobs.get(JOB1)?.CheckpointConfig?.S3Uri).toBe(CHECKPOINTS);
    expect(create.Tags).toEqual(expect.arrayContaining([KEY_TAG, { Key: 'mlpipe:model', Value: 'default' }]));
    expect(result.stdout).toContain(`resumed from the checkpoints of attempt ${JOB1} (Failed after 3 spot interruption(s), 300 s billed) at ${CHECKPOINTS}`);
    expect(result.stdout).toContain(`trained  default by job ${JOB2}, resumed from ${JOB1}`);
    expect(reportIn('out-resume').models[0]).toMatchObject({
      outcome: 'published',
      trainingJob: JOB2,
      attempt: 2,
      attached: false,
      checkpointUri: CHECKPOINTS,
      resumedFrom: { trainingJob: JOB1, status: 'Failed', spotInterruptions: 3, billableSeconds: 300, trainingSeconds: 900 },
      spotInterruptions: 1,
    });
  });
});
