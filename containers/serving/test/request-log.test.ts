import { RequestLog } from '../src/request-log';

describe('RequestLog', () => {
  test('buffers lines and writes them in one batch on flush, each a JSON object', () => {
    const writes: string[] = [];
    const log = new RequestLog((t) => writes.push(t), 10_000);
    log.request('POST', '/invocations', 200, 0.1234, 16, 40, 1, '');
    log.request('GET', '/models/a"b', 404, 1, 0, 10, 0, ',"error":"x"');
    expect(writes).toEqual([]);
    log.flush();
    expect(writes).toHaveLength(1);
    const lines = writes[0].trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ event: 'request', method: 'POST', path: '/invocations', status: 200, ms: 0.123, bytesIn: 16, bytesOut: 40, rows: 1 });
    expect(lines[1]).toMatchObject({ path: '/models/a"b', status: 404, error: 'x' });
  });

  test('writes early once the buffer is full', () => {
    const writes: string[] = [];
    const log = new RequestLog((t) => writes.push(t), 10_000, 100);
    log.event('a', { text: 'x'.repeat(120) });
    expect(writes).toHaveLength(1);
  });
});
