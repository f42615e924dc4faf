import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ExitCode } from '../../../cli/exit-codes';
import { catalogueEntries, modelKeyFor } from '../../../config/model-definition';
import { baseDocument, testConfig } from '../../helpers/test-config';
import { loopbackAwsEnv, runCli } from '../../helpers/run-cli';
import { IMAGE_HASH, KEY_ARN, stepEnv, WRITER } from './fixtures';
import type { FakeObject } from './loopback-s3';
import { LoopbackS3 } from './loopback-s3';

/**
 * the real `mlpipe train` process against a loopback SageMaker and S3: proves the wire formats
 * (awsJson1_1 for SageMaker, REST-XML for S3 HeadObject and the multipart copy), that
 * AWS_ENDPOINT_URL_SAGEMAKER and AWS_ENDPOINT_URL_S3 reach the SDK clients, and that models are
 * written create-only (the fake S3 plays the models bucket policy) and reused only when ours.
 */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly target: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const BUCKET = 'tst-models-111111111111-eu-west-1';
const MODEL_KEY = modelKeyFor(testConfig(), IMAGE_HASH);
let server: Server;
let endpoint = '';
let seen: Seen[] = [];
let s3 = new LoopbackS3();
/** put at the model key while the job runs (as if written by someone else meanwhile) */
let plantWhileTraining: FakeObject | undefined;
let home = '';
/** hyperparameters of each job created, by job name */
const jobs = new Map<string, Record<string, string>>();
const GiB = 1024 ** 3;
const IDENTITY = MODEL_KEY.split('/')[1];
const ours = (kmsKeyId = KEY_ARN): FakeObject => ({
  size: 2048,
  contentType: 'application/gzip',
  kmsKeyId,
  metadata: { 'training-job': 'tst-earlier-job', commit: 'abc1234', identity: IDENTITY, 'metric-name': 'validation:accuracy', 'metric-value': '0.97', writer: WRITER },
});

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const target = req.headers['x-amz-target'] as string | undefined;
      seen.push({ method: req.method ?? '', path: req.url ?? '', target, headers: req.headers, body });
      if (s3.handle(req, res)) return;
      if (target === 'SageMaker.Search') {
        // the tag query: no job of the model key is in progress or ended
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end('{"Results":[]}');
        return;
      }
      if (target === 'SageMaker.CreateTrainingJob') {
        const create = JSON.parse(body) as { TrainingJobName: string; HyperParameters: Record<string, string> };
        jobs.set(create.TrainingJobName, create.HyperParameters);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ TrainingJobArn: `arn:aws:sagemaker:eu-west-1:111111111111:training-job/${(JSON.parse(body) as { TrainingJobName: string }).TrainingJobName}` }));
        return;
      }
      if (target === 'SageMaker.DescribeTrainingJob') {
        const name = (JSON.parse(body) as { TrainingJobName: string }).TrainingJobName;
        // the job wrote a 6 GiB model: over CopyObject's 5 GB limit
        s3.objects.set(`${BUCKET}/jobs/${name}/output/model.tar.gz`, { size: 6 * GiB, metadata: {}, kmsKeyId: KEY_ARN });
        if (plantWhileTraining) s3.objects.set(`${BUCKET}/${MODEL_KEY}`, plantWhileTraining);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({
            TrainingJobName: name,
            TrainingJobStatus: 'Completed',
            SecondaryStatus: 'Completed',
            SecondaryStatusTransitions: [{ Status: 'Starting', StartTime: 1_790_000_000 }, { Status: 'Training', StartTime: 1_790_000_060 }, { Status: 'Completed', StartTime: 1_790_000_600 }],
            TrainingTimeInSeconds: 600,
            BillableTimeInSeconds: 180,
            // a model trained with l2 "9" is over-regularized: it misses the 0.9 gate
            FinalMetricDataList: [{ MetricName: 'validation:accuracy', Value: jobs.get(name)?.l2 === '9' ? 0.5 : 0.9667, Timestamp: 1_790_000_590 }],
            ModelArtifacts: { S3ModelArtifacts: `s3://${BUCKET}/jobs/${name}/output/model.tar.gz` },
          }),
        );
        return;
      }
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'ValidationException', message: `unexpected ${req.method} ${req.url} ${target}` }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = mkdtempSync(join(tmpdir(), 'mlpipe-train-loopback-'));
  writeFileSync(join(home, 'pipeline.yaml'), stringify(baseDocument()));
  writeFileSync(join(home, 'two-regions.yaml'), stringify({ ...baseDocument(), stages: [{ name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'] }] }));
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

beforeEach(() => {
  seen = [];
  s3 = new LoopbackS3();
  plantWhileTraining = undefined;
  jobs.clear();
});

const env = () => loopbackAwsEnv(home, { ...stepEnv(), AWS_ENDPOINT_URL_SAGEMAKER: endpoint, AWS_ENDPOINT_URL_S3: endpoint });

const call = (s: Seen) => s.target ?? `${s.method} ${s.path.split('?')[0]}${s.path.includes('uploads') ? '?uploads' : s.path.includes('partNumber') ? '?part' : s.path.includes('uploadId') ? '?uploadId' : ''}`;

describe('mlpipe train against a loopback SageMaker and S3', () => {
  test('trains, publishes a 6 GiB model to its content address by a create-only multipart copy and writes the report', async () => {
    const result = await runCli(['train', '--report', 'out/report.json'], { cwd: home, env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    const output = `/${BUCKET}/jobs/${JSON.parse(seen[2].body).TrainingJobName}/output/model.tar.gz`;
    expect(seen.map(call)).toEqual([
      `HEAD /${BUCKET}/${MODEL_KEY}`,
      'SageMaker.Search',
      'SageMaker.CreateTrainingJob',
      'SageMaker.DescribeTrainingJob',
      `HEAD ${output}`,
      `POST /${BUCKET}/${MODEL_KEY}?uploads`,
      ...Array.from({ length: 6 }, () => `PUT /${BUCKET}/${MODEL_KEY}?part`),
      `POST /${BUCKET}/${MODEL_KEY}?uploadId`,
    ]);
    const create = JSON.parse(seen[2].body) as Record<string, unknown>;
    expect(create).toMatchObject({ EnableManagedSpotTraining: true, EnableNetworkIsolation: true, StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 } });
    expect(seen[5].headers['x-amz-meta-metric-value']).toBe('0.9667');
    expect(seen[5].headers['x-amz-meta-writer']).toBe(WRITER);
    expect(seen[11].headers['x-amz-copy-source-range']).toBe(`bytes=${5 * GiB}-${6 * GiB - 1}`);
    expect(seen[12].headers['if-none-match']).toBe('*');
    expect(s3.objects.get(`${BUCKET}/${MODEL_KEY}`)).toMatchObject({ size: 6 * GiB, kmsKeyId: KEY_ARN, metadata: { identity: IDENTITY, writer: WRITER } });
    const report = JSON.parse(readFileSync(join(home, 'out', 'report.json'), 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({ outcome: 'passed', trained: ['default'], models: [{ model: 'default', outcome: 'published', modelKey: MODEL_KEY, cost: { trainingSeconds: 600, billableSeconds: 180, savingsPercent: 70 } }] });
    expect(result.stdout).toContain('spot savings 70%');
  });

  test('skips when our model exists, without calling SageMaker', async () => {
    s3.objects.set(`${BUCKET}/${MODEL_KEY}`, ours());
    const result = await runCli(['train', '--report', 'out/skip.json'], { cwd: home, env: env() });
    expect(result.code).toBe(ExitCode.OK);
    expect(seen.map((s) => s.method)).toEqual(['HEAD']);
    expect(result.stdout).toContain('trained by job tst-earlier-job at commit abc1234');
  });

  test('fails when an object was planted at the model key, naming the key and what is wrong, and neither trains nor replaces it', async () => {
    const planted: FakeObject = { size: 10, metadata: { 'training-job': 'tst-earlier-job', identity: IDENTITY, 'metric-name': 'validation:accuracy', 'metric-value': '1' } };
    s3.objects.set(`${BUCKET}/${MODEL_KEY}`, planted);
    const result = await runCli(['train', '--report', 'out/planted.json'], { cwd: home, env: env() });
    expect(result.code).toBe(ExitCode.MODEL_PROVENANCE_REJECTED);
    expect(result.stderr).toContain(`mlpipe train: s3://${BUCKET}/${MODEL_KEY} exists but was not published by this pipeline`);
    expect(result.stderr).toContain(`its writer is not recorded, not the TrainModel role ${WRITER}; it is encrypted with AES256, not the bucket's model key ${KEY_ARN}`);
    expect(seen.map((s) => s.method)).toEqual(['HEAD']);
    expect(s3.objects.get(`${BUCKET}/${MODEL_KEY}`)).toBe(planted);
  });

  test('fails when an object is planted while the job trains: S3 refuses the create-only publish and the step names the key', async () => {
    const planted: FakeObject = { size: 10, metadata: {} };
    plantWhileTraining = planted;
    const result = await runCli(['train', '--report', 'out/raced.json'], { cwd: home, env: env() });
    expect(result.code).toBe(ExitCode.MODEL_PROVENANCE_REJECTED);
    expect(seen.filter((s) => call(s).endsWith('?uploadId')).map((s) => s.method)).toEqual(['POST', 'DELETE']);
    expect(result.stderr).toContain(`s3://${BUCKET}/${MODEL_KEY} exists but was not published by this pipeline`);
    expect(s3.objects.get(`${BUCKET}/${MODEL_KEY}`)).toBe(planted);
    expect(s3.openUploads).toBe(0);
  });

  test('copies an existing model to the regional bucket create-only, with a client of that region', async () => {
    s3.objects.set(`${BUCKET}/${MODEL_KEY}`, ours());
    const regional = 'tst-models-111111111111-eu-central-1';
    const keyArn = 'arn:aws:kms:eu-central-1:111111111111:key/frankfurt';
    const result = await runCli(['train', '--config', 'two-regions.yaml', '--report', 'out/regional.json'], {
      cwd: home,
      env: { ...env(), MODELS_BUCKET_EU_CENTRAL_1: regional, MODEL_KMS_KEY_ARN_EU_CENTRAL_1: keyArn },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(seen.map(call)).toEqual([
      `HEAD /${BUCKET}/${MODEL_KEY}`,
      `HEAD /${regional}/${MODEL_KEY}`,
      `POST /${regional}/${MODEL_KEY}?uploads`,
      `PUT /${regional}/${MODEL_KEY}?part`,
      `POST /${regional}/${MODEL_KEY}?uploadId`,
    ]);
    expect(seen[2].headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe(keyArn);
    expect(seen[2].headers['x-amz-meta-writer']).toBe(WRITER);
    expect(seen[3].headers['x-amz-copy-source']).toBe(`${BUCKET}/${MODEL_KEY}`);
    expect(seen[4].headers['if-none-match']).toBe('*');
    expect(seen[4].headers.authorization).toContain('/eu-central-1/s3/aws4_request');
    expect(s3.objects.get(`${regional}/${MODEL_KEY}`)).toMatchObject({ size: 2048, kmsKeyId: keyArn, metadata: ours().metadata });
    expect(result.stdout).toContain(`eu-central-1: copied the model to s3://${regional}/${MODEL_KEY}`);
  });
});

describe('mlpipe train with a catalogue, against a loopback SageMaker and S3', () => {
  const catalogue = (l2: string, extra: Record<string, unknown> = {}) => ({
    ...baseDocument(),
    models: { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2 } }, ...extra },
  });
  const keysOf = (document: Record<string, unknown>) => Object.fromEntries(catalogueEntries(testConfig({}, document), IMAGE_HASH).map((e) => [e.name, e.key]));
  const created = () => seen.filter((s) => s.target === 'SageMaker.CreateTrainingJob').map((s) => (JSON.parse(s.body) as { HyperParameters: Record<string, string> }).HyperParameters);
  /** the keys published: each CompleteMultipartUpload of the create-only copy */
  const completes = (s: Seen) => s.method === 'POST' && call(s).endsWith('?uploadId');
  const published = () => seen.filter(completes).map((s) => s.path.split('?')[0]);
  const report = (file: string) => JSON.parse(readFileSync(join(home, 'out', file), 'utf8')) as { outcome: string; trained: string[]; skipped: string[]; failed: string[]; models: { model: string; outcome: string; trainingJob?: string }[] };

  test('changing one model\'s hyperparameters moves only its key and retrains only it; the other is reported skipped with its job', async () => {
    writeFileSync(join(home, 'before.yaml'), stringify(catalogue('0.01')));
    writeFileSync(join(home, 'after.yaml'), stringify(catalogue('0.02')));
    const before = keysOf(catalogue('0.01'));
    const after = keysOf(catalogue('0.02'));
    expect(after['iris-softmax']).toBe(before['iris-softmax']);
    expect(after['iris-softmax-l2']).not.toBe(before['iris-softmax-l2']);

    const first = await runCli(['train', '--config', 'before.yaml', '--report', 'out/before.json'], { cwd: home, env: env() });
    expect(first.code).toBe(ExitCode.OK);
    expect(created()).toHaveLength(2);
    expect(report('before.json').trained).toEqual(['iris-softmax', 'iris-softmax-l2']);
    const softmaxJob = report('before.json').models[0].trainingJob;

    seen = [];
    const second = await runCli(['train', '--config', 'after.yaml', '--report', 'out/after.json'], { cwd: home, env: env() });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(ExitCode.OK);
    expect(created()).toEqual([expect.objectContaining({ l2: '0.02' })]);
    expect(published()).toEqual([`/${BUCKET}/${after['iris-softmax-l2']}`]);
    const { trained, skipped, models } = report('after.json');
    expect({ trained, skipped }).toEqual({ trained: ['iris-softmax-l2'], skipped: ['iris-softmax'] });
    expect(models[0]).toMatchObject({ model: 'iris-softmax', outcome: 'skipped', trainingJob: softmaxJob });
    expect(second.stdout).toContain(`skipped  iris-softmax: ${after['iris-softmax']} exists, made by job ${softmaxJob}`);
    expect(readFileSync(join(home, 'out', 'training.junit.xml'), 'utf8')).toContain(`<skipped message="${after['iris-softmax']} exists, made by job ${softmaxJob}; not retrained"/>`);
  });

  test('fails when one of three models misses its gate, naming it, and publishes the other two', async () => {
    const document = catalogue('0.01', { 'iris-overfit': { hyperparameters: { l2: '9' } } });
    writeFileSync(join(home, 'three.yaml'), stringify(document));
    const keys = keysOf(document);
    const result = await runCli(['train', '--config', 'three.yaml', '--report', 'out/three.json'], { cwd: home, env: env() });
    expect(result.code).toBe(ExitCode.METRIC_BELOW_THRESHOLD);
    expect(created()).toHaveLength(3);
    expect(published().sort()).toEqual([`/${BUCKET}/${keys['iris-softmax']}`, `/${BUCKET}/${keys['iris-softmax-l2']}`].sort());
    const { outcome, trained, failed, models } = report('three.json');
    expect({ outcome, trained, failed }).toEqual({ outcome: 'failed', trained: ['iris-softmax', 'iris-softmax-l2'], failed: ['iris-overfit'] });
    expect(models[2]).toMatchObject({ model: 'iris-overfit', outcome: 'metric-below-threshold' });
    expect(result.stdout).toContain('FAILED   iris-overfit (metric-below-threshold): validation:accuracy = 0.5 misses the threshold (>= 0.9)');
    expect(result.stdout).toContain('the Train step fails: iris-overfit failed');
    // the CodeBuild report: one test case per model, the failed one with why
    const junit = readFileSync(join(home, 'out', 'training.junit.xml'), 'utf8');
    expect(junit).toContain('<testsuite name="model catalogue" tests="3" failures="1" skipped="0">');
    expect(junit).toMatch(/<testcase classname="mlpipe.train" name="model iris-overfit" time="600">\s*<failure type="metric-below-threshold" message="validation:accuracy = 0.5 misses the threshold/);
  });

  test('runs at most training.maxConcurrentJobs jobs at once', async () => {
    const document = { ...catalogue('0.01', { 'iris-c': { hyperparameters: { l2: '0.03' } } }), training: { maxConcurrentJobs: 1 } };
    writeFileSync(join(home, 'serial.yaml'), stringify(document));
    const result = await runCli(['train', '--config', 'serial.yaml', '--report', 'out/serial.json'], { cwd: home, env: env() });
    expect(result.code).toBe(ExitCode.OK);
    // one job at a time: each job is created only after the previous one was described and published
    const order = seen.map((s) => s.target ?? (completes(s) ? 'CompleteMultipartUpload' : undefined)).filter((t) => t !== undefined);
    expect(order).toEqual(Array(3).fill(['SageMaker.Search', 'SageMaker.CreateTrainingJob', 'SageMaker.DescribeTrainingJob', 'CompleteMultipartUpload']).flat());
  });
});
