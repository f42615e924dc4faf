import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ExitCode } from '../../../cli/exit-codes';
import { modelKeyFor } from '../../../config/model-definition';
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

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const target = req.headers['x-amz-target'] as string | undefined;
      seen.push({ method: req.method ?? '', path: req.url ?? '', target, headers: req.headers, body });
      if (target === 'SageMaker.CreateTrainingJob') {
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
            FinalMetricDataList: [{ MetricName: 'validation:accuracy', Value: 0.9667, Timestamp: 1_790_000_590 }],
            ModelArtifacts: { S3ModelArtifacts: `s3://${BUCKET}/jobs/${name}/output/model.tar.gz` },
          }),
        );
        return;
      }
      if (req.method === 'HEAD') {
        const exists = modelExists && (req.url ?? '').startsWith(`/${BUCKET}/`);
        res.writeHead(exists ? 200 : 404, exists ? { 'x-amz-meta-training-job': 'tst-earlier-job', 'x-amz-meta-commit': 'abc1234' } : {});
        res.end();
        return;
      }
      if (req.method === 'PUT' && req.headers['x-amz-copy-source']) {
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
    expect(report).toMatchObject({ outcome: 'published', modelKey: MODEL_KEY, cost: { trainingSeconds: 600, billableSeconds: 180, savingsPercent: 70 } });
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
