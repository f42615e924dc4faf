import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { call } from '../../test/helpers/http-client';
import { irisArtifact, writeModel } from '../../test/helpers/iris-model';
import { killAll, SERVING_MAIN, startProgram, tempRoot } from '../../test/helpers/programs';
import type { RunningProgram } from '../../test/helpers/programs';

const CSV = { 'content-type': 'text/csv' };
const JSON_TYPE = { 'content-type': 'application/json' };
const SETOSA = '5.1,3.5,1.4,0.2';
const VIRGINICA = '6.7,3.0,5.2,2.3';

async function startServer(root: string, env: Record<string, string> = {}): Promise<{ program: RunningProgram; port: number }> {
  const program = startProgram(SERVING_MAIN, 'serve', { SM_ROOT: root, SAGEMAKER_BIND_TO_PORT: '0', SERVING_HOST: '127.0.0.1', ...env });
  const listening = JSON.parse(await program.waitForLine(/"event":"listening"/));
  return { program, port: listening.port };
}

const roots: string[] = [];
afterAll(async () => {
  killAll();
  await Promise.all(roots.map((r) => fs.rm(r, { recursive: true, force: true })));
});

describe('serving program, single model (process)', () => {
  let port: number;
  let program: RunningProgram;

  beforeAll(async () => {
    const root = await tempRoot('serve');
    roots.push(root);
    await writeModel(path.join(root, 'model'), await irisArtifact());
    ({ program, port } = await startServer(root));
    await program.waitForLine(/"event":"model-loaded"/);
  });

  test('GET /ping answers 200 once the model is loaded', async () => {
    expect(await call(port, '/ping')).toMatchObject({ status: 200, body: '{"status":"healthy"}' });
  });

  test('POST /invocations predicts one CSV row, answering CSV: label then class probabilities', async () => {
    const answer = await call(port, '/invocations', { method: 'POST', headers: CSV, body: SETOSA });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv');
    const [label, ...probabilities] = answer.body.trim().split(',');
    expect(label).toBe('setosa');
    expect(probabilities.map(Number).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });

  test('POST /invocations predicts many CSV rows and honours Accept: application/json', async () => {
    const answer = await call(port, '/invocations', { method: 'POST', headers: { ...CSV, accept: 'application/json' }, body: `${SETOSA}\n${VIRGINICA}\n` });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    const body = JSON.parse(answer.body);
    expect(body.predictions.map((p: { label: string }) => p.label)).toEqual(['setosa', 'virginica']);
    expect(Object.keys(body.predictions[0].probabilities)).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  test('POST /invocations reads JSON rows (arrays and objects) and honours Accept: text/csv', async () => {
    const one = await call(port, '/invocations', { method: 'POST', headers: JSON_TYPE, body: `[${SETOSA}]` });
    expect(JSON.parse(one.body).predictions).toHaveLength(1);
    const keyed = { instances: [{ sepal_length: 6.7, sepal_width: 3.0, petal_length: 5.2, petal_width: 2.3 }, [5.1, 3.5, 1.4, 0.2]] };
    const answer = await call(port, '/invocations', { method: 'POST', headers: { ...JSON_TYPE, accept: 'text/csv' }, body: JSON.stringify(keyed) });
    expect(answer.status).toBe(200);
    expect(answer.body.trim().split('\n').map((l) => l.split(',')[0])).toEqual(['virginica', 'setosa']);
  });

  test('fails with 413 when the body is 7 MB, declared or chunked', async () => {
    const body = `${SETOSA}\n`.repeat(Math.ceil((7 * 1024 * 1024) / (SETOSA.length + 1)));
    const declared = await call(port, '/invocations', { method: 'POST', headers: CSV, body });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ error: expect.stringMatching(/at most 6291456 bytes \(6 MB\)/), limitBytes: 6291456 });
    expect((await call(port, '/invocations', { method: 'POST', headers: CSV, body, chunked: true })).status).toBe(413);
  });

  test('fails with 413 when the answer would be over 6 MB: a 6 MB CSV request (a 28 MB answer) is told how many rows fit', async () => {
    const rows = Math.floor(6_291_000 / (SETOSA.length + 1));
    const answer = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(rows) });
    expect(answer.status).toBe(413);
    const refusal = JSON.parse(answer.body);
    expect(refusal).toEqual({
      error: expect.stringMatching(new RegExp(`^the answer to these ${rows} rows would be \\d+ bytes of text/csv, over the 6291456 bytes InvokeEndpoint delivers from a real-time endpoint; \\d+ rows fit in one answer, so send at most \\d+ rows per request$`)),
      limitBytes: 6291456,
      responseBytes: expect.any(Number),
      rows,
      rowsThatFit: expect.any(Number),
    });
    expect(refusal.responseBytes).toBeGreaterThan(4 * 6291456);
    const fit = refusal.rowsThatFit;
    expect(refusal.error).toContain(`${fit} rows fit`);
    const largest = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(fit) });
    expect(largest.status).toBe(200);
    expect(Buffer.byteLength(largest.body)).toBeLessThanOrEqual(6291456);
    expect(largest.body.split('\n')).toHaveLength(fit + 1);
    expect((await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(fit + 1) })).status).toBe(413);
  });

  test('fails with 413 when a JSON answer would be over 6 MB, counting the rows that fit as JSON', async () => {
    const rows = 60_000;
    const answer = await call(port, '/invocations', { method: 'POST', headers: { ...CSV, accept: 'application/json' }, body: `${SETOSA}\n`.repeat(rows) });
    expect(answer.status).toBe(413);
    const fit = JSON.parse(answer.body).rowsThatFit;
    const largest = await call(port, '/invocations', { method: 'POST', headers: { ...CSV, accept: 'application/json' }, body: `${SETOSA}\n`.repeat(fit) });
    expect(largest.status).toBe(200);
    expect(Buffer.byteLength(largest.body)).toBeLessThanOrEqual(6291456);
    expect(JSON.parse(largest.body).predictions).toHaveLength(fit);
    expect((await call(port, '/invocations', { method: 'POST', headers: { ...CSV, accept: 'application/json' }, body: `${SETOSA}\n`.repeat(fit + 1) })).status).toBe(413);
  });

  test('fails with 415 for an unknown or missing content type', async () => {
    const plain = await call(port, '/invocations', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: SETOSA });
    expect(plain.status).toBe(415);
    expect(JSON.parse(plain.body).error).toMatch(/unsupported media type: Content-Type 'text\/plain'/);
    expect((await call(port, '/invocations', { method: 'POST', body: SETOSA })).status).toBe(415);
  });

  test('fails with 400 and a JSON error naming the row and column of a malformed value', async () => {
    const csv = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n6.7,3.0,abc,2.3` });
    expect(csv.status).toBe(400);
    expect(JSON.parse(csv.body)).toEqual({ error: "row 2, column 3 (petal_length): 'abc' is not a finite number", row: 2, column: 3, columnName: 'petal_length' });
    const json = await call(port, '/invocations', { method: 'POST', headers: JSON_TYPE, body: '{"instances":[{"sepal_length":1,"sepal_width":2,"petal_length":3}]}' });
    expect(JSON.parse(json.body)).toEqual({ error: 'row 1, column 4 (petal_width): is missing', row: 1, column: 4, columnName: 'petal_width' });
  });

  test('fails with 406 when Accept asks for an unsupported type', async () => {
    expect((await call(port, '/invocations', { method: 'POST', headers: { ...CSV, accept: 'application/xml' }, body: SETOSA })).status).toBe(406);
  });

  test('fails with 404 and 405 on unknown routes and methods, and keeps the multi-model API off', async () => {
    expect((await call(port, '/predict')).status).toBe(404);
    const wrongMethod = await call(port, '/invocations');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    expect(JSON.parse((await call(port, '/models')).body).error).toMatch(/multi-model API is off/);
  });

  test('logs one structured JSON line per request', async () => {
    const marker = `/probe-${Date.now()}`;
    for (let i = 0; i < 3; i++) await call(port, marker);
    await call(port, '/invocations', { method: 'POST', headers: { ...CSV, 'x-test': marker }, body: SETOSA });
    await program.waitForLine(new RegExp(`"path":"${marker}"`));
    await new Promise((resolve) => setTimeout(resolve, 120));
    const mine = program.lines.filter((l) => l.includes(`"path":"${marker}"`)).map((l) => JSON.parse(l));
    expect(mine).toHaveLength(3);
    expect(mine[0]).toEqual({ time: expect.any(String), event: 'request', method: 'GET', path: marker, status: 404, ms: expect.any(Number), bytesIn: 0, bytesOut: expect.any(Number), rows: 0, error: expect.stringMatching(/^no route GET/) });
    const invocations = program.lines.filter((l) => l.includes('"path":"/invocations"')).map((l) => JSON.parse(l));
    expect(invocations[invocations.length - 1]).toMatchObject({ method: 'POST', status: 200, rows: 1, bytesIn: SETOSA.length });
  });

  test('on SIGTERM stops accepting, finishes the in-flight request, and exits 0', async () => {
    const body = `${SETOSA}\n${VIRGINICA}\n`;
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/invocations', method: 'POST', headers: { ...CSV, 'content-length': String(body.length) }, agent: false }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        program.child.kill('SIGTERM');
        program.waitForLine(/"event":"shutdown"/).then(async () => {
          await expect(call(port, '/ping')).rejects.toThrow(/ECONNREFUSED/);
          req.end(body.slice(10));
        }, reject);
      }, 200);
    });
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.text.trim().split('\n')).toHaveLength(2);
    expect(await program.exited).toBe(0);
    expect(program.lines.some((l) => l.includes('"event":"stopped","code":0'))).toBe(true);
  });
});

describe('serving program on a serverless endpoint (process)', () => {
  let port: number;

  beforeAll(async () => {
    const root = await tempRoot('serve-serverless');
    roots.push(root);
    await writeModel(path.join(root, 'model'), await irisArtifact());
    let program: RunningProgram;
    ({ program, port } = await startServer(root, { SERVING_ENDPOINT_TYPE: 'serverless' }));
    await program.waitForLine(/"event":"model-loaded"/);
  });

  test('fails with 413 when the request is over serverless\'s 4 MB', async () => {
    const answer = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(Math.ceil((5 * 1024 * 1024) / (SETOSA.length + 1))) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: expect.stringMatching(/a serverless SageMaker endpoint accepts at most 4194304 bytes \(4 MB\)/), limitBytes: 4194304 });
  });

  test('fails with 413 when the answer would be over 4 MB, and the rows that fit are answered', async () => {
    const answer = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(100_000) });
    expect(answer.status).toBe(413);
    const refusal = JSON.parse(answer.body);
    expect(refusal).toMatchObject({ limitBytes: 4194304, rows: 100_000, error: expect.stringContaining('InvokeEndpoint delivers from a serverless endpoint') });
    const largest = await call(port, '/invocations', { method: 'POST', headers: CSV, body: `${SETOSA}\n`.repeat(refusal.rowsThatFit) });
    expect(largest.status).toBe(200);
    expect(Buffer.byteLength(largest.body)).toBeLessThanOrEqual(4194304);
  });
});

describe('serving program, multi-model (process)', () => {
  let port: number;
  let root: string;
  const load = (name: string) => call(port, '/models', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ model_name: name, url: path.join(root, 'models', name, 'model') }) });

  beforeAll(async () => {
    root = await tempRoot('mme');
    roots.push(root);
    const artifact = await irisArtifact();
    for (const name of ['a', 'b', 'c']) await writeModel(path.join(root, 'models', name, 'model'), artifact);
    // room for two iris models (about 2 KB each), not three
    ({ port } = await startServer(root, { SAGEMAKER_MULTI_MODEL: 'true', SERVING_MODEL_MEMORY_BUDGET_MB: '0.004' }));
  });

  test('GET /ping answers 200 with no model loaded, and GET /models lists none', async () => {
    expect((await call(port, '/ping')).status).toBe(200);
    expect(JSON.parse((await call(port, '/models')).body)).toEqual({ models: [] });
  });

  test('POST /models loads a model, then answers 409 for the same name', async () => {
    expect((await load('a')).status).toBe(200);
    const again = await load('a');
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body).error).toBe("model 'a' is already loaded; unload it with DELETE /models/a first");
  });

  test('fails with 400 when the model url is outside /opt/ml/models or the body is wrong', async () => {
    const outside = await call(port, '/models', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ model_name: 'x', url: '/etc' }) });
    expect(outside.status).toBe(400);
    expect((await call(port, '/models', { method: 'POST', headers: JSON_TYPE, body: '{"name":"x"}' })).status).toBe(400);
  });

  test('answers 507 when a model does not fit the memory budget', async () => {
    expect((await load('b')).status).toBe(200);
    const full = await load('c');
    expect(full.status).toBe(507);
    expect(JSON.parse(full.body).error).toMatch(/^not enough memory to load model 'c'/);
  });

  test('GET /models pages with nextPageToken / next_page_token', async () => {
    const first = JSON.parse((await call(port, '/models?limit=1')).body);
    expect(first.models).toEqual([{ modelName: 'a', modelUrl: path.join(root, 'models', 'a', 'model') }]);
    const second = JSON.parse((await call(port, `/models?limit=1&next_page_token=${first.nextPageToken}`)).body);
    expect(second).toEqual({ models: [{ modelName: 'b', modelUrl: path.join(root, 'models', 'b', 'model') }] });
  });

  test('GET /models/{name} describes a loaded model and answers 404 otherwise', async () => {
    expect(JSON.parse((await call(port, '/models/a')).body)).toEqual({ modelName: 'a', modelUrl: path.join(root, 'models', 'a', 'model') });
    expect((await call(port, '/models/zzz')).status).toBe(404);
  });

  test('POST /models/{name}/invoke predicts with that model and answers 404 for one not loaded', async () => {
    const answer = await call(port, '/models/a/invoke', { method: 'POST', headers: { ...CSV, 'x-amzn-sagemaker-target-model': 'a.tar.gz' }, body: SETOSA });
    expect(answer.status).toBe(200);
    expect(answer.body.split(',')[0]).toBe('setosa');
    expect((await call(port, '/models/c/invoke', { method: 'POST', headers: CSV, body: SETOSA })).status).toBe(404);
    expect((await call(port, '/invocations', { method: 'POST', headers: CSV, body: SETOSA })).status).toBe(404);
  });

  test('DELETE /models/{name} unloads and frees memory; a second DELETE answers 404', async () => {
    expect((await call(port, '/models/a', { method: 'DELETE' })).status).toBe(200);
    expect((await call(port, '/models/a', { method: 'DELETE' })).status).toBe(404);
    expect((await call(port, '/models/a/invoke', { method: 'POST', headers: CSV, body: SETOSA })).status).toBe(404);
    expect((await load('c')).status).toBe(200);
  });
});

describe('serving program, failures (process)', () => {
  test('fails with exit 1 and a model-load-failed line when the model folder is empty', async () => {
    const root = await tempRoot('nomodel');
    roots.push(root);
    const { program } = await startServer(root);
    expect(await program.exited).toBe(1);
    expect(program.lines.join('\n')).toMatch(/"event":"model-load-failed","error":"cannot read .*model\/model.json \(ENOENT\)/);
  });

  test('fails with exit 2 on a bad SAGEMAKER_BIND_TO_PORT', async () => {
    const program = startProgram(SERVING_MAIN, 'serve', { SAGEMAKER_BIND_TO_PORT: 'http' });
    expect(await program.exited).toBe(2);
    expect(program.lines.join('\n')).toContain("SAGEMAKER_BIND_TO_PORT='http' is not a whole number");
  });
});
