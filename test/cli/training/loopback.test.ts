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
import { IMAGE_HASH, stepEnv } from './fixtures';

/**
 * the real `mlpipe train` process against a loopback SageMaker and S3: proves the wire formats
 * (awsJson1_1 for SageMaker, REST-XML for S3 HeadObject and CopyObject) and that
 * AWS_ENDPOINT_URL_SAGEMAKER and AWS_ENDPOINT_URL_S3 reach the SDK clients.
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
let modelExists = false;
let home = '';
/** the objects the loopback S3 holds (path -> metadata headers), written by CopyObject */
const stored = new Map<string, Record<string, string>>();
/** hyperparameters of each job created, by job name */
const jobs = new Map<string, Record<string, string>>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const target = req.headers['x-amz-target'] as string | undefined;
      seen.push({ method: req.method ?? '', path: req.url ?? '', target, headers: req.headers, body });
      if (target === 'SageMaker.CreateTrainingJob') {
        const create = JSON.parse(body) as { TrainingJobName: string; HyperParameters: Record<string, string> };
        jobs.set(create.TrainingJobName, create.HyperParameters);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ TrainingJobArn: `arn:aws:sagemaker:eu-west-1:111111111111:training-job/${(JSON.parse(body) as { TrainingJobName: string }).TrainingJobName}` }));
        return;
      }
      if (target === 'SageMaker.DescribeTrainingJob') {
        const name = (JSON.parse(body) as { TrainingJobName: string }).TrainingJobName;
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
      const objectPath = (req.url ?? '').split('?')[0];
      if (req.method === 'HEAD') {
        const kept = stored.get(objectPath);
        const exists = kept !== undefined || (modelExists && objectPath.startsWith(`/${BUCKET}/`));
        res.writeHead(exists ? 200 : 404, exists ? (kept ?? { 'x-amz-meta-training-job': 'tst-earlier-job', 'x-amz-meta-commit': 'abc1234' }) : {});
        res.end();
        return;
      }
      if (req.method === 'PUT' && req.headers['x-amz-copy-source']) {
        stored.set(objectPath, Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-amz-meta-')).map(([k, v]) => [k, String(v)])));
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><CopyObjectResult><ETag>"0123"</ETag><LastModified>2026-11-24T02:00:00.000Z</LastModified></CopyObjectResult>');
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
  modelExists = false;
  stored.clear();
  jobs.clear();
});

const env = () => loopbackAwsEnv(home, { ...stepEnv(), AWS_ENDPOINT_URL_SAGEMAKER: endpoint, AWS_ENDPOINT_URL_S3: endpoint });

describe('mlpipe train against a loopback SageMaker and S3', () => {
  test('trains, publishes the model to its content address and writes the report', async () => {
    const result = await runCli(['train', '--report', 'out/report.json'], { cwd: home, env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(seen.map((s) => s.target ?? `${s.method} ${s.path.split('?')[0]}`)).toEqual([
      `HEAD /${BUCKET}/${MODEL_KEY}`,
      'SageMaker.CreateTrainingJob',
      'SageMaker.DescribeTrainingJob',
      `PUT /${BUCKET}/${MODEL_KEY}`,
    ]);
    const create = JSON.parse(seen[1].body) as Record<string, unknown>;
    expect(create).toMatchObject({ EnableManagedSpotTraining: true, EnableNetworkIsolation: true, StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 } });
    expect(seen[3].headers['x-amz-metadata-directive']).toBe('REPLACE');
    expect(seen[3].headers['x-amz-meta-metric-value']).toBe('0.9667');
    const report = JSON.parse(readFileSync(join(home, 'out', 'report.json'), 'utf8')) as Record<string, unknown>;
    expect(report).toMatchObject({ outcome: 'passed', trained: ['default'], models: [{ model: 'default', outcome: 'published', modelKey: MODEL_KEY, cost: { trainingSeconds: 600, billableSeconds: 180, savingsPercent: 70 } }] });
    expect(result.stdout).toContain('spot savings 70%');
  });

  test('skips when the model exists, without calling SageMaker', async () => {
    modelExists = true;
    const result = await runCli(['train', '--report', 'out/skip.json'], { cwd: home, env: env() });
    expect(result.code).toBe(ExitCode.OK);
    expect(seen.map((s) => s.method)).toEqual(['HEAD']);
    expect(result.stdout).toContain('trained by job tst-earlier-job at commit abc1234');
  });

  test('copies an existing model to the regional bucket with a client of that region', async () => {
    modelExists = true;
    const regional = 'tst-models-111111111111-eu-central-1';
    const keyArn = 'arn:aws:kms:eu-central-1:111111111111:key/frankfurt';
    const result = await runCli(['train', '--config', 'two-regions.yaml', '--report', 'out/regional.json'], {
      cwd: home,
      env: { ...env(), MODELS_BUCKET_EU_CENTRAL_1: regional, MODEL_KMS_KEY_ARN_EU_CENTRAL_1: keyArn },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(seen.map((s) => `${s.method} ${s.path.split('?')[0]}`)).toEqual([`HEAD /${BUCKET}/${MODEL_KEY}`, `HEAD /${regional}/${MODEL_KEY}`, `PUT /${regional}/${MODEL_KEY}`]);
    const copy = seen[2].headers;
    expect(copy['x-amz-copy-source']).toBe(`${BUCKET}/${MODEL_KEY}`);
    expect(copy['x-amz-metadata-directive']).toBe('COPY');
    expect(copy['x-amz-server-side-encryption-aws-kms-key-id']).toBe(keyArn);
    expect(copy.authorization).toContain('/eu-central-1/s3/aws4_request');
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
  const published = () => seen.filter((s) => s.method === 'PUT').map((s) => s.path.split('?')[0]);
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
    const order = seen.map((s) => s.target ?? s.method).filter((t) => t !== 'HEAD');
    expect(order).toEqual(Array(3).fill(['SageMaker.CreateTrainingJob', 'SageMaker.DescribeTrainingJob', 'PUT']).flat());
  });
});
