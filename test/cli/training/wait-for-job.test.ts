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

  it('prints each transition once and counts each interruption once over many polls', async () => {
    const t = (Status: string, StatusMessage?: string) => ({ Status, StartTime: new Date(0), ...(StatusMessage ? { StatusMessage } : {}) });
    const poll = (TrainingJobStatus: string, SecondaryStatus: string, transitions: ReturnType<typeof t>[]) =>
      ({ TrainingJobStatus, SecondaryStatus, SecondaryStatusTransitions: transitions }) as TrainingJobDescription;
    const starting = [t('Starting', 'Preparing the instances')];
    const downloading = [...starting, t('Downloading')];
    const interrupted = [...downloading, t('Training'), t('Interrupted', 'Spot capacity reclaimed')];
    const restarted = [...interrupted, t('Starting'), t('Training')];
    const { result, lines } = run([
      poll('InProgress', 'Starting', starting),
      poll('InProgress', 'Starting', starting),
      poll('InProgress', 'Downloading', downloading),
      poll('InProgress', 'Interrupted', interrupted),
      poll('InProgress', 'Interrupted', interrupted),
      poll('InProgress', 'Training', restarted),
      poll('Completed', 'Completed', [...restarted, t('Completed')]),
    ]);
    await expect(result).resolves.toMatchObject({ spotInterruptions: 1 });
    expect(lines).toEqual([
      '[00:00:00] Starting: Preparing the instances',
      '[00:00:25] Downloading',
      '[00:00:35] Training',
      '[00:00:35] spot interruption #1: Spot capacity reclaimed; SageMaker restarts the job from its latest checkpoint',
      '[00:01:00] Starting',
      '[00:01:00] Training',
      '[00:01:10] Completed',
      '[00:01:10] job Completed (Completed)',
    ]);
  });

  it('drops back to the first delay when the status moves', async () => {
    const polls = ['Starting', 'Starting', 'Starting', 'Downloading', 'Downloading'].map(
      (SecondaryStatus) => ({ TrainingJobStatus: 'InProgress', SecondaryStatus }) as TrainingJobDescription,
    );
    const { result, sleeps, lines } = run([...polls, { TrainingJobStatus: 'Failed' } as TrainingJobDescription]);
    await result;
    expect(sleeps).toEqual([10_000, 15_000, 22_500, 10_000, 15_000]);
    expect(lines).toEqual(['[00:01:12] job Failed (no secondary status)']);
  });

  it('says an interruption without a message reclaimed capacity, and ends on a stopped job', async () => {
    const stopped = {
      TrainingJobStatus: 'Stopped',
      SecondaryStatus: 'Stopped',
      SecondaryStatusTransitions: [{ Status: 'Interrupted', StartTime: new Date(0) }],
    } as TrainingJobDescription;
    const { result, lines, sleeps } = run([stopped]);
    await expect(result).resolves.toEqual({ job: stopped, spotInterruptions: 1 });
    expect(lines).toEqual([
      '[00:00:00] spot interruption #1: capacity reclaimed; SageMaker restarts the job from its latest checkpoint',
      '[00:00:00] job Stopped (Stopped)',
    ]);
    expect(sleeps).toEqual([]);
  });

  it('prints a heartbeat when nothing changed for longer than the heartbeat time, then again after exactly as long', async () => {
    // polls at 0, 10, 25, 47.5, 77.5 (77.5 s without change: beat), 107.5, 137.5 (exactly 60 s since the beat: beat again)
    const { result, lines, sleeps } = run([training, training, training, training, training, training, training, { TrainingJobStatus: 'Completed' } as TrainingJobDescription]);
    await result;
    expect(sleeps).toEqual([10_000, 15_000, 22_500, 30_000, 30_000, 30_000, 30_000]);
    expect(lines.filter((l) => l.includes('still'))).toEqual(['[00:01:17] still Training (no change for 00:01:17)', '[00:02:17] still Training (no change for 00:01:00)']);
  });

  it('names the job status in a heartbeat when there is no secondary status', async () => {
    const pending = { TrainingJobStatus: 'InProgress' } as TrainingJobDescription;
    const { result, lines } = run([pending, pending, pending, pending, pending, { TrainingJobStatus: 'Completed' } as TrainingJobDescription]);
    await result;
    expect(lines).toContain('[00:01:17] still InProgress (no change for 00:01:17)');
  });

  it('polls every 10 s at first, backs off to a minute at most, and beats every 5 minutes by default', async () => {
    let clock = 0;
    let call = 0;
    const sleeps: number[] = [];
    const lines: string[] = [];
    await waitForTrainingJob({
      describe: async () => (call++ < 12 ? training : ({ TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed' } as TrainingJobDescription)),
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      now: () => clock,
      log: (line) => lines.push(line),
    });
    expect(sleeps).toEqual([10_000, 15_000, 22_500, 33_750, 50_625, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000]);
    expect(lines.filter((l) => l.includes('still'))).toEqual(['[00:05:11] still Training (no change for 00:05:11)']);
  });

  it('retries a throttled poll and says so', async () => {
    let clock = 0;
    let call = 0;
    const lines: string[] = [];
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const done = { TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed' } as TrainingJobDescription;
    const random = jest.spyOn(Math, 'random').mockReturnValue(1);
    try {
      await waitForTrainingJob({
        describe: async () => {
          if (call++ === 0) throw throttled;
          return done;
        },
        sleep: async (ms) => {
          clock += ms;
        },
        now: () => clock,
        log: (line) => lines.push(line),
      });
    } finally {
      random.mockRestore();
    }
    expect(lines).toEqual(['[00:00:00] DescribeTrainingJob throttled (attempt 1); retrying in 2 s', '[00:00:02] job Completed (Completed)']);
  });

  it('formats durations of zero, under a minute and over a day, never negative', () => {
    expect(formatElapsed(0)).toBe('00:00:00');
    expect(formatElapsed(59_999)).toBe('00:00:59');
    expect(formatElapsed(90_061_000)).toBe('25:01:01');
    expect(formatElapsed(-5_000)).toBe('00:00:00');
  });

  it('counts a change of the job status alone as movement', async () => {
    const polls = ['InProgress', 'InProgress', 'Stopping', 'Stopping'].map((TrainingJobStatus) => ({ TrainingJobStatus, SecondaryStatus: 'Training' }) as TrainingJobDescription);
    const { result, sleeps } = run([...polls, { TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped' } as TrainingJobDescription]);
    await result;
    expect(sleeps).toEqual([10_000, 15_000, 10_000, 15_000]);
  });

  it('counts new transitions as movement even when the status reads the same', async () => {
    const t = (Status: string) => ({ Status, StartTime: new Date(0) });
    const poll = (transitions: string[]) => ({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training', SecondaryStatusTransitions: transitions.map(t) }) as TrainingJobDescription;
    const { result, sleeps, lines } = run([
      poll(['Training']),
      poll(['Training']),
      poll(['Training', 'Interrupted', 'Training']),
      { TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed' } as TrainingJobDescription,
    ]);
    await expect(result).resolves.toMatchObject({ spotInterruptions: 1 });
    expect(sleeps).toEqual([10_000, 15_000, 10_000]);
    expect(lines.filter((l) => l.includes('Training')).length).toBe(2);
  });
});
