import { errorName } from '../aws/sdk-failure';

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);

/** whether an SDK error is AWS throttling the caller. */
export function isThrottling(err: unknown): boolean {
  return THROTTLING.has(errorName(err));
}

/** how throttled calls are retried. */
export interface ThrottleRetryOptions {
  /** waits this many milliseconds (tests pass a fake) */
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * attempts in all, the first included
   * @default 8
   */
  readonly attempts?: number;
  /**
   * the first wait, doubled after each throttled attempt (with jitter), in milliseconds
   * @default 2000
   */
  readonly baseDelayMs?: number;
  /**
   * the longest single wait, in milliseconds
   * @default 60000
   */
  readonly maxDelayMs?: number;
  /** told about each retry (what was throttled, how long until the next attempt) */
  readonly onRetry?: (attempt: number, delayMs: number, err: unknown) => void;
}

/**
 * runs a call, retrying it with exponential backoff while AWS throttles it (on top of the SDK's own
 * retries, which a long-running step can exhaust). Other errors, and throttling after the last
 * attempt, are thrown.
 */
export async function retryThrottled<T>(call: () => Promise<T>, options: ThrottleRetryOptions): Promise<T> {
  const attempts = options.attempts ?? 8;
  const base = options.baseDelayMs ?? 2000;
  const max = options.maxDelayMs ?? 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isThrottling(err) || attempt >= attempts) throw err;
      const delay = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      options.onRetry?.(attempt, delay, err);
      await options.sleep(delay);
    }
  }
}
