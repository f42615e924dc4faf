import { isThrottling, retryThrottled } from '../../../cli/lib/training/throttle-retry';

const throttled = (name = 'ThrottlingException') => Object.assign(new Error('Rate exceeded'), { name });

/** a call that is throttled `times` times and then answers 'ok'. */
function throttledCall(times: number, name?: string) {
  let calls = 0;
  return {
    call: async () => {
      calls += 1;
      if (calls <= times) throw throttled(name);
      return 'ok';
    },
    calls: () => calls,
  };
}

describe('retryThrottled', () => {
  let random: jest.SpyInstance;
  beforeEach(() => {
    random = jest.spyOn(Math, 'random').mockReturnValue(1);
  });
  afterEach(() => random.mockRestore());

  test('doubles the wait after each throttled attempt, up to the maximum', async () => {
    const sleeps: number[] = [];
    const retries: [number, number][] = [];
    const { call, calls } = throttledCall(7);
    await expect(retryThrottled(call, { sleep: async (ms) => void sleeps.push(ms), onRetry: (attempt, ms) => retries.push([attempt, ms]), baseDelayMs: 1000, maxDelayMs: 10_000 })).resolves.toBe('ok');
    expect(sleeps).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
    expect(retries.map(([attempt]) => attempt)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(calls()).toBe(8);
  });

  test('waits 2 s first and at most a minute by default, with jitter of up to half the wait', async () => {
    random.mockReturnValue(0);
    const sleeps: number[] = [];
    const { call } = throttledCall(7);
    await retryThrottled(call, { sleep: async (ms) => void sleeps.push(ms) });
    expect(sleeps).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  test('fails with the throttling error after the last of 8 attempts by default', async () => {
    const { call, calls } = throttledCall(8);
    await expect(retryThrottled(call, { sleep: async () => undefined })).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(calls()).toBe(8);
  });

  test('makes exactly the attempts it is given', async () => {
    const once = throttledCall(1);
    await expect(retryThrottled(once.call, { sleep: async () => undefined, attempts: 1 })).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(once.calls()).toBe(1);
    const twice = throttledCall(1);
    await expect(retryThrottled(twice.call, { sleep: async () => undefined, attempts: 2 })).resolves.toBe('ok');
  });

  test('fails at once on an error that is not throttling', async () => {
    let calls = 0;
    const bug = new TypeError('x is undefined');
    await expect(
      retryThrottled(
        async () => {
          calls += 1;
          throw bug;
        },
        { sleep: async () => undefined },
      ),
    ).rejects.toBe(bug);
    expect(calls).toBe(1);
  });

  test('tells about each retry with the error', async () => {
    const errors: unknown[] = [];
    const { call } = throttledCall(1, 'SlowDown');
    await retryThrottled(call, { sleep: async () => undefined, onRetry: (_attempt, _ms, err) => errors.push(err) });
    expect(errors).toEqual([expect.objectContaining({ name: 'SlowDown' })]);
  });
});

describe('isThrottling', () => {
  test.each(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown'])('%s is throttling', (name) => {
    expect(isThrottling(throttled(name))).toBe(true);
  });

  test('other errors are not', () => {
    expect(isThrottling(throttled('ValidationException'))).toBe(false);
    expect(isThrottling('ThrottlingException')).toBe(false);
  });
});
