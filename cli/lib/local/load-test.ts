import autocannon from 'autocannon';

/** one load test: many connections sending the same request for a while. */
export interface LoadTestOptions {
  /** e.g. http://127.0.0.1:8080/invocations */
  readonly url: string;
  /** concurrent connections. @default 32 */
  readonly connections?: number;
  /** how long to measure, in seconds */
  readonly durationSeconds: number;
  /** untimed load before measuring, in seconds. @default 0 */
  readonly warmupSeconds?: number;
  /** @default POST */
  readonly method?: 'GET' | 'POST';
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** what a load test measured. */
export interface LoadTestResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** median latency of 2xx answers, milliseconds */
  readonly p50Ms: number;
  /** 99th percentile latency of 2xx answers, milliseconds */
  readonly p99Ms: number;
  /** connection errors and timeouts */
  readonly errors: number;
  /** answers that were not 2xx */
  readonly non2xx: number;
}

/** the value at quantile `q` (0..1) of ascending `sorted` values (nearest rank); 0 when empty. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** a growable list of latencies without per-sample objects. */
class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

function runOnce(options: LoadTestOptions, seconds: number, samples: Samples | undefined): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections ?? 32,
        duration: seconds,
        method: options.method ?? 'POST',
        body: options.body,
        headers: { ...options.headers },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (samples) {
      instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        if (statusCode >= 200 && statusCode < 300) samples.push(responseTime);
      });
    }
  });
}

/**
 * runs autocannon against `url` and measures throughput and latency. Latency percentiles come from
 * every response time (sub-millisecond), not from autocannon's 1 ms histogram.
 */
export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  if ((options.warmupSeconds ?? 0) > 0) await runOnce(options, options.warmupSeconds ?? 0, undefined);
  const samples = new Samples();
  const started = performance.now();
  const result = await runOnce(options, options.durationSeconds, samples);
  const seconds = (performance.now() - started) / 1000;
  const sorted = samples.sorted();
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / Math.max(seconds, 1e-9),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
