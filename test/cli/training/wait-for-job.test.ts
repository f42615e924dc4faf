import { formatElapsed, waitForTrainingJob } from '../../../cli/lib/training/wait-for-job';
import type { TrainingJobDescription } from '../../../cli/lib/training/wait-for-job';

function run(sequence: TrainingJobDescription[]) {
  let clock = 0;
  let call = 0;
  const sleeps: number[] = [];
  const lines: string[] = [];
  const result = waitForTrainingJob({
    describe: async () => sequence[Math.min(call++, sequence.length - 1)],
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    log: (line) => lines.push(line),
    initialDelayMs: 10_000,
    maxDelayMs: 30_000,
    heartbeatMs: 60_000,
  });
  return { result, sleeps, lines };
}

const training = { TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training', SecondaryStatusTransitions: [{ Status: 'Training', StatusMessage: 'Training in progress', StartTime: new Date(0) }] } as TrainingJobDescription;

describe('waitForTrainingJob', () => {
  it('backs off 1.5x while nothing changes, up to the maximum, and prints a heartbeat', async () => {
    const done = { ...training, TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed' } as TrainingJobDescription;
    const { result, sleeps, lines } = run([training, training, training, training, training, done]);
    await result;
    expect(sleeps).toEqual([10_000, 15_000, 22_500, 30_000, 30_000]);
    expect(lines).toContain('[00:00:00] Training: Training in progress');
    expect(lines.some((l) => /still Training \(no change for 00:01:/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toBe('[00:01:47] job Completed (Completed)');
  });

  it('counts every spot interruption, even several between two polls', async () => {
    const interrupted = {
      TrainingJobStatus: 'Stopped',
      SecondaryStatus: 'MaxWaitTimeExceeded',
      SecondaryStatusTransitions: ['Starting', 'Interrupted', 'Starting', 'Interrupted', 'MaxWaitTimeExceeded'].map((Status) => ({ Status, StartTime: new Date(0) })),
    } as TrainingJobDescription;
    const { result } = run([interrupted]);
    await expect(result).resolves.toMatchObject({ spotInterruptions: 2 });
  });

  it('formats elapsed time as hh:mm:ss', () => {
    expect(formatElapsed(3_723_000)).toBe('01:02:03');
  });
});
