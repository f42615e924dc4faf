/** the latency figures of a run, in milliseconds. */
export interface LatencySummary {
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** the nearest-rank percentile (0 < p <= 100) of samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no latency samples: every request failed or none was sent');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is not in (0, 100]`);
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/** how the latency run calls the endpoint. */
export interface LatencyRun {
  /** one invocation */
  readonly invoke: () => Promise<void>;
  /** requests in all */
  readonly requests: number;
  /** requests in flight at once */
  readonly concurrency: number;
  /** a monotonic clock in milliseconds */
  readonly now: () => number;
}

/**
 * sends `requests` invocations, `concurrency` at a time, and summarizes their round-trip latency.
 * Failed requests are counted, not timed.
 */
export async function measureLatency(run: LatencyRun): Promise<LatencySummary> {
  const samples: number[] = [];
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < run.requests) {
      next += 1;
      const start = run.now();
      try {
        await run.invoke();
        samples.push(run.now() - start);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(run.concurrency, run.requests) }, worker));
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    requests: run.requests,
    errors,
    p50Ms: round(percentile(samples, 50)),
    p90Ms: round(percentile(samples, 90)),
    p99Ms: round(percentile(samples, 99)),
    maxMs: round(Math.max(...samples)),
  };
}
