import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ExitCode } from '../../../cli/exit-codes';
import { loopbackAwsEnv, runCli } from '../../helpers/run-cli';
import { baseDocument, REPO_ROOT } from '../../helpers/test-config';

/**
 * the real `mlpipe smoke-test` process against a loopback SageMaker Runtime: proves the
 * InvokeEndpoint wire format and that AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME / AWS_ENDPOINT_URL and
 * AWS_REGION reach the SDK.
 */
interface Seen {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

let server: Server;
let endpoint = '';
let seen: Seen[] = [];
let wrongLabels = false;
/** the TargetModel whose answers are wrong, when set */
let wrongTarget: string | undefined;
let home = '';

function classify(row: number[], target: unknown): string {
  if (wrongLabels || (wrongTarget !== undefined && target === wrongTarget)) return 'setosa';
  return row[2] < 2.5 ? 'setosa' : row[3] < 1.75 ? 'versicolor' : 'virginica';
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      const csv = req.headers['content-type'] === 'text/csv';
      const rows: number[][] = csv
        ? body.trim().split('\n').map((l) => l.split(',').map(Number))
        : (JSON.parse(body) as { instances: Record<string, number>[] }).instances.map((r) => [r.sepal_length, r.sepal_width, r.petal_length, r.petal_width]);
      const json = (req.headers.accept ?? req.headers['content-type']) === 'application/json';
      const answer = json
        ? JSON.stringify({ predictions: rows.map((r) => ({ label: classify(r, req.headers['x-amzn-sagemaker-target-model']), probabilities: { setosa: 1 } })) })
        : rows.map((r) => `${classify(r, req.headers['x-amzn-sagemaker-target-model'])},1,0,0\n`).join('');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'text/csv', 'x-amzn-invoked-production-variant': 'AllTraffic' });
      res.end(answer);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = mkdtempSync(join(tmpdir(), 'mlpipe-smoke-loopback-'));
  writeFileSync(join(home, 'pipeline.yaml'), stringify(baseDocument()));
  writeFileSync(
    join(home, 'multi.yaml'),
    stringify({
      ...baseDocument(),
      models: { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2: '0.01' } } },
      stages: [{ name: 'Shared', account: '222222222222', regions: ['eu-west-1'], endpoint: { kind: 'multiModel' } }],
    }),
  );
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

beforeEach(() => {
  seen = [];
  wrongLabels = false;
  wrongTarget = undefined;
});

const env = (extra: NodeJS.ProcessEnv) => loopbackAwsEnv(home, extra);
const samples = join(REPO_ROOT, 'test-data', 'smoke');
const args = ['smoke-test', '--stage', 'Staging', '--endpoint', 'tst-staging', '--samples', samples, '--requests', '20', '--p99-ms', '5000', '--report', 'smoke.json'];

describe('mlpipe smoke-test against a loopback endpoint', () => {
  test('passes, calling InvokeEndpoint at AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME, signed for the region', async () => {
    const result = await runCli(args, { cwd: home, env: env({ AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: endpoint }) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(seen).toHaveLength(3 + 20);
    expect(seen.every((s) => s.path === '/endpoints/tst-staging/invocations')).toBe(true);
    expect(seen[0].headers.authorization).toContain('/eu-west-1/sagemaker/aws4_request');
    expect(result.stdout).toContain('smoke test of tst-staging passed');
  });

  test('honours the generic AWS_ENDPOINT_URL too', async () => {
    const result = await runCli([...args.slice(0, 5), '--gate', 'samples', '--samples', samples], { cwd: home, env: env({ AWS_ENDPOINT_URL: endpoint }) });
    expect(result.code).toBe(ExitCode.OK);
    expect(seen).toHaveLength(3);
  });

  test('fails with exit code 34 when the endpoint answers wrong labels', async () => {
    wrongLabels = true;
    const result = await runCli(args, { cwd: home, env: env({ AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: endpoint }) });
    expect(result.code).toBe(ExitCode.SMOKE_TEST_FAILED);
    expect(result.stdout).toContain('expected [setosa, versicolor, virginica]');
  });
});

describe('mlpipe smoke-test of a multi-model endpoint against a loopback endpoint', () => {
  const targets = { 'iris-softmax': 'aaaa/model.tar.gz', 'iris-softmax-l2': 'bbbb/model.tar.gz' };
  const multiArgs = ['smoke-test', '--config', 'multi.yaml', '--stage', 'Shared', '--endpoint', 'tst-shared', '--samples', samples, '--requests', '20', '--p99-ms', '5000', '--report', 'multi.json'];
  const byTarget = (target: string) => seen.filter((s) => s.headers['x-amzn-sagemaker-target-model'] === target).length;

  test('invokes every model\'s shared and own cases through its TargetModel and reports each model\'s p99 and the slowest', async () => {
    const result = await runCli(multiArgs, { cwd: home, env: env({ AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: endpoint, TARGET_MODELS: JSON.stringify(targets) }) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    // 3 shared cases + 1 of its own + 20 latency requests per model
    expect(byTarget('aaaa/model.tar.gz')).toBe(3 + 1 + 20);
    expect(byTarget('bbbb/model.tar.gz')).toBe(3 + 1 + 20);
    expect(result.stdout).toContain('ok   model iris-softmax-l2: the regularized model tells a setosa from a virginica, in JSON');
    expect(result.stdout).toMatch(/model iris-softmax: latency p50 .* p99 /);
    expect(result.stdout).toMatch(/model iris-softmax-l2: latency p50 .* p99 /);
    expect(result.stdout).toMatch(/slowest model: iris-softmax(-l2)? \(p99 /);
    const report = JSON.parse(readFileSync(join(home, 'multi.json'), 'utf8')) as { models: { model: string; targetModel: string }[]; latency: { model: string } };
    expect(report.models.map((m) => [m.model, m.targetModel])).toEqual(Object.entries(targets));
    expect(Object.keys(targets)).toContain(report.latency.model);
  });

  test('fails when one model answers wrong, naming it', async () => {
    wrongTarget = 'bbbb/model.tar.gz';
    const result = await runCli(multiArgs, { cwd: home, env: env({ AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: endpoint, TARGET_MODELS: JSON.stringify(targets) }) });
    expect(result.code).toBe(ExitCode.SMOKE_TEST_FAILED);
    expect(result.stdout).toContain('FAIL model iris-softmax-l2:');
    expect(result.stdout).toMatch(/sample invocations of tst-shared failed \(model iris-softmax-l2\)/);
  });

  test('fails when the TargetModel map lacks a served model', async () => {
    const result = await runCli(multiArgs, { cwd: home, env: env({ AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: endpoint, TARGET_MODELS: JSON.stringify({ 'iris-softmax': 'aaaa/model.tar.gz' }) }) });
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain('the TargetModel map has no TargetModel for iris-softmax-l2');
    expect(seen).toHaveLength(0);
  });
});
