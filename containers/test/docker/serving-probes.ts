import * as http from 'node:http';
import { call } from '../helpers/http-client';
import type { RunningContainer } from './containers';
import type { Probes } from './probes';
import { expectEqual, expectThat } from './probes';

const CSV = { 'content-type': 'text/csv' };
const SETOSA = '5.1,3.5,1.4,0.2';
const VIRGINICA = '6.7,3.0,5.2,2.3';
const REAL_TIME_LIMIT = 6_291_456;
const SERVERLESS_LIMIT = 4_194_304;

/** waits until /ping answers 200 (the model is loaded). */
export async function waitForPing(container: RunningContainer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const answer = await call(container.port, '/ping');
      if (answer.status === 200) return;
      last = `${answer.status} ${answer.body}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`GET /ping on ${container.name} did not answer 200 within ${timeoutMs / 1000} s (last: ${last}); its output:\n${await container.logs()}`);
}

/** the 413 for an answer over `limit`: the rows that fit answer 200 within the limit, one more row does not. */
async function answerLimit(port: number, limit: number, where: string): Promise<string> {
  const rows = Math.floor(limit / (SETOSA.length + 1));
  const refused = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(rows) });
  expectEqual(refused.status, 413, `a ${rows}-row CSV request's status`);
  const body = JSON.parse(refused.body) as { error: string; limitBytes: number; responseBytes: number; rowsThatFit: number };
  expectEqual(body.limitBytes, limit, 'limitBytes');
  expectThat(body.error.includes(`InvokeEndpoint delivers from ${where}`) && body.error.includes(`${body.rowsThatFit} rows fit`), `the message names the limit and the rows that fit: ${body.error}`);
  const largest = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(body.rowsThatFit) });
  expectEqual(largest.status, 200, `${body.rowsThatFit} rows (the rows that fit)`);
  expectThat(Buffer.byteLength(largest.body) <= limit, `the largest answer is ${Buffer.byteLength(largest.body)} bytes, over ${limit}`);
  const oneMore = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(body.rowsThatFit + 1) });
  expectEqual(oneMore.status, 413, `${body.rowsThatFit + 1} rows`);
  return `${rows} rows (${rows * (SETOSA.length + 1)} bytes) would answer ${body.responseBytes} bytes: 413; ${body.rowsThatFit} rows fit (${Buffer.byteLength(largest.body)} bytes)`;
}

/** the hosting contract on a single-model container (SERVING_ENDPOINT_TYPE unset: real-time). */
export async function probeSingleModel(probes: Probes, container: RunningContainer): Promise<void> {
  const { port } = container;
  await probes.probe('GET /ping answers 200 once the model is loaded', async () => {
    await waitForPing(container, 60_000);
    expectEqual((await call(port, '/ping')).body, '{"status":"healthy"}', 'the ping body');
  });
  await probes.probe('POST /invocations with CSV answers CSV, one line per row', async () => {
    const answer = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n${VIRGINICA}\n` });
    expectEqual([answer.status, answer.headers['content-type']], [200, 'text/csv'], 'status and content type');
    expectEqual(answer.body.trim().split('\n').map((line) => line.split(',')[0]), ['setosa', 'virginica'], 'the labels');
    return answer.body.trim().replace('\n', ' | ');
  });
  await probes.probe('POST /invocations with JSON answers JSON predictions', async () => {
    const answer = await call(port, '/invocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: [[5.1, 3.5, 1.4, 0.2], { sepal_length: 6.7, sepal_width: 3.0, petal_length: 5.2, petal_width: 2.3 }] }) });
    expectEqual([answer.status, answer.headers['content-type']], [200, 'application/json'], 'status and content type');
    const predictions = (JSON.parse(answer.body) as { predictions: { label: string; probabilities: Record<string, number> }[] }).predictions;
    expectEqual(predictions.map((p) => p.label), ['setosa', 'virginica'], 'the labels');
    expectEqual(Object.keys(predictions[0].probabilities), ['setosa', 'versicolor', 'virginica'], 'the classes');
  });
  await probes.probe('fails with 415 for a Content-Type the model does not read', async () => {
    const answer = await call(port, '/invocations', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: SETOSA });
    expectEqual(answer.status, 415, 'status');
    return (JSON.parse(answer.body) as { error: string }).error;
  });
  await probes.probe('fails with 413 for a request over 6 MB', async () => {
    const answer = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(Math.ceil((7 * 1024 * 1024) / (SETOSA.length + 1))) });
    expectEqual([answer.status, (JSON.parse(answer.body) as { limitBytes: number }).limitBytes], [413, REAL_TIME_LIMIT], 'status and limit');
  });
  await probes.probe('fails with 413 for an answer over 6 MB, saying how many rows fit', () => answerLimit(port, REAL_TIME_LIMIT, 'a real-time endpoint'));
  await probes.probe('keeps the multi-model routes off', async () => {
    expectEqual((await call(port, '/models')).status, 404, 'GET /models');
  });
}

/** SIGTERM while a request is in flight: the request is answered, new connections are refused, exit 0. */
export async function probeDrain(probes: Probes, container: RunningContainer): Promise<void> {
  const { port } = container;
  await probes.probe('on SIGTERM (docker kill --signal TERM) finishes the in-flight request and exits 0', async () => {
    const body = `${SETOSA}\n${VIRGINICA}\n`;
    let sendRest: () => void = () => undefined;
    const inFlight = new Promise<{ status: number; connection: string | undefined; text: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/invocations', method: 'POST', headers: { ...CSV, 'content-length': String(body.length) }, agent: false }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      sendRest = () => req.end(body.slice(10));
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalled = performance.now();
    await container.terminate();
    await container.waitForLog(/"event":"shutdown"/, 10_000);
    sendRest();
    const answer = await inFlight;
    expectEqual([answer.status, answer.connection, answer.text.trim().split('\n').length], [200, 'close', 2], 'the in-flight answer (status, Connection, rows)');
    const code = await container.exitCode();
    expectEqual(code, 0, 'the exit code');
    await container.waitForLog(/"event":"stopped"/, 5_000);
    return `answered 200 with Connection: close, exited 0 ${((performance.now() - signalled) / 1000).toFixed(2)} s after SIGTERM`;
  });
}

/** the limits of a serverless endpoint (SERVING_ENDPOINT_TYPE=serverless): 4 MB both ways. */
export async function probeServerless(probes: Probes, container: RunningContainer): Promise<void> {
  const { port } = container;
  await probes.probe('serverless: GET /ping answers 200', () => waitForPing(container, 60_000));
  await probes.probe('serverless: fails with 413 for a request over 4 MB', async () => {
    const answer = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(Math.ceil((5 * 1024 * 1024) / (SETOSA.length + 1))) });
    expectEqual([answer.status, (JSON.parse(answer.body) as { limitBytes: number }).limitBytes], [413, SERVERLESS_LIMIT], 'status and limit');
  });
  await probes.probe('serverless: fails with 413 for an answer over 4 MB, saying how many rows fit', () => answerLimit(port, SERVERLESS_LIMIT, 'a serverless endpoint'));
}

/** the multi-model contract (SAGEMAKER_MULTI_MODEL=true), with model `a` under /opt/ml/models/a/model. */
export async function probeMultiModel(probes: Probes, container: RunningContainer): Promise<void> {
  const { port } = container;
  const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await probes.probe('multi-model: GET /ping answers 200 with no model loaded, GET /models lists none', async () => {
    await waitForPing(container, 60_000);
    const listed = await call(port, '/models');
    expectEqual([listed.status, JSON.parse(listed.body)], [200, { models: [] }], 'GET /models');
  });
  await probes.probe('multi-model: POST /models loads a model, a second load answers 409', async () => {
    const load = { model_name: 'a', url: '/opt/ml/models/a/model' };
    expectEqual((await call(port, '/models', json(load))).status, 200, 'the first load');
    expectEqual((await call(port, '/models', json(load))).status, 409, 'the second load');
  });
  await probes.probe('multi-model: GET /models and GET /models/a describe the loaded model', async () => {
    expectEqual(JSON.parse((await call(port, '/models')).body), { models: [{ modelName: 'a', modelUrl: '/opt/ml/models/a/model' }] }, 'GET /models');
    const one = await call(port, '/models/a');
    expectEqual([one.status, JSON.parse(one.body)], [200, { modelName: 'a', modelUrl: '/opt/ml/models/a/model' }], 'GET /models/a');
  });
  await probes.probe('multi-model: POST /models/a/invoke predicts with model a (TargetModel header as SageMaker sends it)', async () => {
    const answer = await call(port, '/models/a/invoke', { method: 'POST', headers: { ...CSV, 'x-amzn-sagemaker-target-model': 'a.tar.gz' }, body: `${SETOSA}\n` });
    expectEqual([answer.status, answer.body.split(',')[0]], [200, 'setosa'], 'status and label');
    expectEqual((await call(port, '/invocations', { method: 'POST', headers: CSV, body: SETOSA })).status, 404, 'POST /invocations in multi-model mode');
  });
  await probes.probe('multi-model: DELETE /models/a unloads it; it then answers 404', async () => {
    expectEqual((await call(port, '/models/a', { method: 'DELETE' })).status, 200, 'DELETE /models/a');
    expectEqual((await call(port, '/models/a')).status, 404, 'GET /models/a after the unload');
    expectEqual((await call(port, '/models/a/invoke', { method: 'POST', headers: CSV, body: SETOSA })).status, 404, 'invoking the unloaded model');
  });
}
