import { checkAnswer, predictedLabels } from '../../../cli/lib/smoke/check-answer';
import { measureLatency, percentile } from '../../../cli/lib/smoke/latency';
import { parseSmokeCase } from '../../../cli/lib/smoke/smoke-case';

const labelled = parseSmokeCase('two.json', { contentType: 'text/csv', body: '1,2,3,4\n5,6,7,8\n', expect: { labels: ['setosa', 'virginica'] } });

describe('checkAnswer', () => {
  test('accepts the expected labels in order, from CSV or JSON', () => {
    expect(checkAnswer(labelled, 'setosa,0.9\nvirginica,0.8\n', 'text/csv')).toEqual([]);
    expect(checkAnswer(labelled, '{"predictions":[{"label":"setosa"},{"label":"virginica"}]}', 'application/json; charset=utf-8')).toEqual([]);
  });

  test('fails when the labels differ or come in another order, listing both', () => {
    expect(checkAnswer(labelled, 'virginica,0.8\nsetosa,0.9\n', 'text/csv')).toEqual(['predicted [virginica, setosa], expected [setosa, virginica]']);
    expect(checkAnswer(labelled, 'setosa,0.9\n', 'text/csv')).toEqual(['predicted [setosa], expected [setosa, virginica]']);
  });

  test('fails when a JSON answer is not JSON, quoting the start of the answer and its type', () => {
    const body = `{not json ${'x'.repeat(300)}`;
    expect(checkAnswer(labelled, body, 'application/json')).toEqual([`the answer (application/json) has no predictions to compare: ${body.slice(0, 200)}`]);
  });

  test('reads an answer without a Content-Type as CSV', () => {
    expect(checkAnswer(labelled, 'setosa\nvirginica', undefined)).toEqual([]);
  });

  test('quotes at most 200 characters of an answer that misses a text', () => {
    const c = parseSmokeCase('d.json', { contentType: 'text/csv', body: '1', expect: { includes: ['setosa'] } });
    const body = `virginica,${'9'.repeat(300)}`;
    expect(checkAnswer(c, body, 'text/csv')).toEqual([`the answer does not contain "setosa": ${body.slice(0, 200)}`]);
  });

  test('reports every problem of an answer: labels and each missing text', () => {
    const c = parseSmokeCase('c.json', { contentType: 'text/csv', body: '1', expect: { labels: ['setosa'], includes: ['0.9', 'setosa', 'probabilities'] } });
    expect(checkAnswer(c, 'virginica,0.9', 'text/csv')).toEqual([
      'predicted [virginica], expected [setosa]',
      'the answer does not contain "setosa": virginica,0.9',
      'the answer does not contain "probabilities": virginica,0.9',
    ]);
  });
});

describe('predictedLabels', () => {
  test('takes the first cell of each non-blank CSV line, unquoted and trimmed', () => {
    expect(predictedLabels(' setosa ,0.9\n\n  \n"virginica" ,0.1\r\n', 'text/csv')).toEqual(['setosa', 'virginica']);
  });

  test('keeps inner quotes of a label, and quotes that do not enclose it', () => {
    expect(predictedLabels('"a"b",1', 'text/csv')).toEqual(['a"b']);
    expect(predictedLabels('"a,1', 'text/csv')).toEqual(['"a']);
    expect(predictedLabels('a"b",1', 'text/csv')).toEqual(['a"b"']);
    expect(predictedLabels('"a"b,1', 'text/csv')).toEqual(['"a"b']);
  });

  test('reads JSON labels as strings and finds none without a predictions list', () => {
    expect(predictedLabels('{"predictions":[{"label":2},{}]}', 'application/json')).toEqual(['2', 'undefined']);
    expect(predictedLabels('{"predictions":{"label":"setosa"}}', 'application/json')).toBeUndefined();
    expect(predictedLabels('[1,2]', 'application/json')).toBeUndefined();
  });
});

describe('latency', () => {
  test('percentiles take the nearest rank of the sorted samples', () => {
    expect(percentile([30, 10, 20], 50)).toBe(20);
    expect(percentile([30, 10, 20], 34)).toBe(20);
    expect(percentile([30, 10, 20], 33)).toBe(10);
    expect(percentile([5], 0.01)).toBe(5);
  });

  test.each([0, -1, 100.1, Number.NaN])('fails when the percentile is %d', (p) => {
    expect(() => percentile([1], p)).toThrow(`percentile ${p} is not in (0, 100]`);
  });

  test('times every successful request, counts failures, and never sends more than asked', async () => {
    let clock = 0;
    let sent = 0;
    const durations = [5, 15, 25, 35];
    const summary = await measureLatency({
      requests: 5,
      concurrency: 1,
      now: () => clock,
      invoke: async () => {
        const n = sent++;
        if (n === 4) throw new Error('503');
        clock += durations[n];
      },
    });
    expect(sent).toBe(5);
    expect(summary).toEqual({ requests: 5, errors: 1, p50Ms: 15, p90Ms: 35, p99Ms: 35, maxMs: 35 });
  });

  test('rounds to a tenth of a millisecond', async () => {
    let clock = 0;
    const summary = await measureLatency({ requests: 1, concurrency: 1, now: () => clock, invoke: async () => void (clock += 1.26) });
    expect(summary).toEqual({ requests: 1, errors: 0, p50Ms: 1.3, p90Ms: 1.3, p99Ms: 1.3, maxMs: 1.3 });
  });

  test('keeps the given number of requests in flight, and no more workers than requests', async () => {
    const inFlightPeak = async (requests: number, concurrency: number) => {
      let inFlight = 0;
      let most = 0;
      let sent = 0;
      await measureLatency({
        requests,
        concurrency,
        now: () => 0,
        invoke: async () => {
          sent += 1;
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight -= 1;
        },
      });
      return [most, sent];
    };
    expect(await inFlightPeak(2, 8)).toEqual([2, 2]);
    expect(await inFlightPeak(6, 3)).toEqual([3, 6]);
  });

  test('fails when every request failed', async () => {
    await expect(measureLatency({ requests: 2, concurrency: 1, now: () => 0, invoke: () => Promise.reject(new Error('down')) })).rejects.toThrow('no latency samples');
  });
});
