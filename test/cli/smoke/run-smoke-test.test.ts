import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { InvokeEndpointCommandInput } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import { ExitCode } from '../../../cli/exit-codes';
import type { SmokeTestReport } from '../../../cli/lib/smoke/run-smoke-test';
import { runSmokeTest } from '../../../cli/lib/smoke/run-smoke-test';
import type { SmokeCase } from '../../../cli/lib/smoke/smoke-case';
import { readSmokeCases } from '../../../cli/lib/smoke/smoke-case';
import { REPO_ROOT } from '../../helpers/test-config';

const runtime = mockClient(SageMakerRuntimeClient);
const ENDPOINT = 'tst-staging';

/** answers as the serving container does: the label of the nearest typical flower. */
function classify(features: number[]): string {
  return features[2] < 2.5 ? 'setosa' : features[3] < 1.75 ? 'versicolor' : 'virginica';
}
function answer(input: InvokeEndpointCommandInput, labelOf: (f: number[]) => string = classify) {
  const text = new TextDecoder().decode(input.Body as Uint8Array);
  const rows: number[][] = input.ContentType === 'text/csv'
    ? text.trim().split('\n').map((l) => l.split(',').map(Number))
    : (JSON.parse(text) as { instances: Record<string, number>[] }).instances.map((r) => [r.sepal_length, r.sepal_width, r.petal_length, r.petal_width]);
  const json = (input.Accept ?? input.ContentType) === 'application/json';
  const body = json
    ? JSON.stringify({ predictions: rows.map((r) => ({ label: labelOf(r), probabilities: { setosa: 0.9, versicolor: 0.05, virginica: 0.05 } })) })
    : rows.map((r) => `${labelOf(r)},0.9,0.05,0.05\n`).join('');
  return { Body: new TextEncoder().encode(body) as never, ContentType: json ? 'application/json' : 'text/csv', $metadata: {} };
}

let cases: SmokeCase[];
let clock = 0;
let latencies: number[];
let lines: string[];
let reports: SmokeTestReport[];

beforeAll(async () => {
  cases = await readSmokeCases(join(REPO_ROOT, 'test-data', 'smoke'));
});

beforeEach(() => {
  runtime.reset();
  clock = 0;
  latencies = [];
  lines = [];
  reports = [];
});

/** every invocation takes the next of `latencies` (ms), then 10 ms. */
function mockAnswers(labelOf?: (f: number[]) => string) {
  runtime.on(InvokeEndpointCommand).callsFake(async (input: InvokeEndpointCommandInput) => {
    clock += latencies.shift() ?? 10;
    return answer(input, labelOf);
  });
}

const run = (p99LatencyMs = 100, latencyRequests = 100) =>
  runSmokeTest(
    { endpointName: ENDPOINT, cases, latencyRequests, concurrency: 1, p99LatencyMs },
    { runtime: new SageMakerRuntimeClient({ region: 'eu-west-1' }), now: () => clock, log: (l) => lines.push(l), writeReport: async (r) => void reports.push(r) },
  );

describe('runSmokeTest', () => {
  it('passes when every sample answers as expected and the p99 is within the gate', async () => {
    mockAnswers();
    await expect(run()).resolves.toBe(ExitCode.OK);
    expect(runtime.commandCalls(InvokeEndpointCommand)).toHaveLength(cases.length + 100);
    expect(runtime.commandCalls(InvokeEndpointCommand)[0].args[0].input).toMatchObject({ EndpointName: ENDPOINT, ContentType: 'text/csv', Accept: 'text/csv' });
    expect(reports[0]).toMatchObject({ outcome: 'passed', latency: { requests: 100, errors: 0, p99Ms: 10, p99ThresholdMs: 100 } });
    expect(lines.filter((l) => l.startsWith('ok  '))).toHaveLength(cases.length);
  });

  it('fails when a sample is classified wrongly, and skips the latency check', async () => {
    mockAnswers(() => 'setosa');
    await expect(run()).resolves.toBe(ExitCode.SMOKE_TEST_FAILED);
    expect(lines.join('\n')).toContain('predicted [setosa, setosa, setosa], expected [setosa, versicolor, virginica]');
    expect(runtime.commandCalls(InvokeEndpointCommand)).toHaveLength(cases.length);
    expect(reports[0].outcome).toBe('sample-failed');
  });

  it('fails when the model answers an error, printing it', async () => {
    runtime.on(InvokeEndpointCommand).rejects(Object.assign(new Error('Received client error (400)'), { name: 'ModelError', OriginalStatusCode: 400, OriginalMessage: 'row 1: has 3 values, expected 4', $metadata: { httpStatusCode: 424 } }));
    await expect(run()).resolves.toBe(ExitCode.SMOKE_TEST_FAILED);
    expect(lines.join('\n')).toContain('the model answered 400: row 1: has 3 values, expected 4');
  });

  it('fails when the endpoint does not exist, with the AWS error (for its own exit code) rather than a gate verdict', async () => {
    runtime.on(InvokeEndpointCommand).rejects(Object.assign(new Error('Endpoint tst-staging of account 222222222222 not found.'), { name: 'ValidationError', $metadata: { httpStatusCode: 400 } }));
    await expect(run()).rejects.toMatchObject({ name: 'ValidationError' });
    expect(reports).toEqual([]);
  });

  it('fails when the p99 latency exceeds the stage threshold', async () => {
    mockAnswers();
    // samples take 10 ms; of the 100 latency requests, 2 take 450 ms: the p99 (99th of 100) is 450
    latencies = [...cases.map(() => 10), ...Array(98).fill(20), 450, 450];
    await expect(run(200)).resolves.toBe(ExitCode.LATENCY_ABOVE_THRESHOLD);
    expect(lines.join('\n')).toContain('p99 latency 450 ms exceeds the stage\'s threshold of 200 ms');
    expect(reports[0]).toMatchObject({ outcome: 'latency-above-threshold', latency: { p50Ms: 20, p99Ms: 450, maxMs: 450 } });
  });

  it('fails when latency requests fail', async () => {
    let calls = 0;
    runtime.on(InvokeEndpointCommand).callsFake(async (input: InvokeEndpointCommandInput) => {
      calls += 1;
      if (calls > cases.length && calls % 10 === 0) throw Object.assign(new Error('upstream timed out'), { name: 'ModelError', OriginalStatusCode: 503, $metadata: {} });
      return answer(input);
    });
    await expect(run()).resolves.toBe(ExitCode.SMOKE_TEST_FAILED);
    expect(lines.join('\n')).toMatch(/\d+ of 100 latency requests failed \(last: the model answered 503/);
  });
});

describe('runSmokeTest gates', () => {
  it('runs only the samples when asked', async () => {
    mockAnswers();
    const code = await runSmokeTest(
      { endpointName: ENDPOINT, cases, latencyRequests: 100, concurrency: 1, p99LatencyMs: 100, gate: 'samples' },
      { runtime: new SageMakerRuntimeClient({ region: 'eu-west-1' }), now: () => clock, log: (l) => lines.push(l), writeReport: async (r) => void reports.push(r) },
    );
    expect(code).toBe(ExitCode.OK);
    expect(runtime.commandCalls(InvokeEndpointCommand)).toHaveLength(cases.length);
    expect(reports[0].latency).toBeUndefined();
  });

  it('runs only the latency check when asked', async () => {
    mockAnswers();
    const code = await runSmokeTest(
      { endpointName: ENDPOINT, cases, latencyRequests: 50, concurrency: 1, p99LatencyMs: 100, gate: 'latency' },
      { runtime: new SageMakerRuntimeClient({ region: 'eu-west-1' }), now: () => clock, log: (l) => lines.push(l), writeReport: async (r) => void reports.push(r) },
    );
    expect(code).toBe(ExitCode.OK);
    expect(runtime.commandCalls(InvokeEndpointCommand)).toHaveLength(50);
    expect(reports[0]).toMatchObject({ cases: [], latency: { requests: 50 } });
  });
});
