import { runBounded } from '../../../cli/lib/training/bounded-pool';

describe('runBounded', () => {
  test('keeps at most the limit in flight, starts the next as one finishes, and returns results in order', async () => {
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const durations = [30, 5, 5, 5, 5];
    const results = await runBounded(durations, 2, async (ms, i) => {
      started.push(i);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((done) => setTimeout(done, ms));
      inFlight -= 1;
      return i * 10;
    });
    expect(most).toBe(2);
    expect(results).toEqual([0, 10, 20, 30, 40]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  test('runs everything at once when the limit is above the item count', async () => {
    let inFlight = 0;
    let most = 0;
    await runBounded([1, 2, 3], 10, async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      inFlight -= 1;
    });
    expect(most).toBe(3);
  });

  test('fails when the limit is not a positive whole number', async () => {
    await expect(runBounded([1], 0, async () => 1)).rejects.toThrow('set training.maxConcurrentJobs to 1 or more');
  });
});
