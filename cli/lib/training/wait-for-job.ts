import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { TrainingInterrupted } from './stop-jobs';
import { retryThrottled } from './throttle-retry';

/** what DescribeTrainingJob answers (the parts the step reads). */
export type TrainingJobDescription = Pick<
  DescribeTrainingJobCommandOutput,
  | 'TrainingJobName'
  | 'TrainingJobArn'
  | 'TrainingJobStatus'
  | 'SecondaryStatus'
  | 'SecondaryStatusTransitions'
  | 'FailureReason'
  | 'TrainingTimeInSeconds'
  | 'BillableTimeInSeconds'
  | 'FinalMetricDataList'
  | 'ModelArtifacts'
  | 'TrainingStartTime'
  | 'TrainingEndTime'
  | 'ResourceConfig'
  | 'EnableManagedSpotTraining'
  | 'CreationTime'
>;

/** how a job is waited for. */
export interface WaitOptions {
  /** describes the job */
  readonly describe: () => Promise<TrainingJobDescription>;
  /** waits this many milliseconds, or less when `signal` aborts (tests pass a fake) */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** milliseconds since the epoch (tests pass a fake clock) */
  readonly now: () => number;
  /** prints one progress line */
  readonly log: (line: string) => void;
  /**
   * the first wait between polls, in milliseconds; it grows 1.5x while nothing changes and drops
   * back when the status moves
   * @default 10000
   */
  readonly initialDelayMs?: number;
  /**
   * the longest wait between polls, in milliseconds
   * @default 60000
   */
  readonly maxDelayMs?: number;
  /**
   * print a "still <status>" line when nothing changed for this long, in milliseconds
   * @default 300000
   */
  readonly heartbeatMs?: number;
  /**
   * aborts when the step is stopped (SIGTERM, SIGINT): the wait then throws TrainingInterrupted
   * naming `jobName`, and the caller stops the job
   * @default - the wait ends only with the job
   */
  readonly signal?: AbortSignal;
  /**
   * the job's name, for the interruption
   * @default - not named
   */
  readonly jobName?: string;
}

const TERMINAL = new Set(['Completed', 'Failed', 'Stopped']);

/** `hh:mm:ss` of a duration in milliseconds. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** the result of waiting: the final description and how often spot capacity was reclaimed. */
export interface WaitResult {
  readonly job: TrainingJobDescription;
  readonly spotInterruptions: number;
}

/**
 * polls DescribeTrainingJob until the job completes, fails or stops, printing each secondary
 * status transition (Starting, Downloading, Training, Interrupted, Uploading ...) with the elapsed
 * time, each spot interruption, and a heartbeat while nothing moves. Throttled polls are retried
 * with backoff.
 */
export async function waitForTrainingJob(options: WaitOptions): Promise<WaitResult> {
  const initial = options.initialDelayMs ?? 10_000;
  const max = options.maxDelayMs ?? 60_000;
  const heartbeat = options.heartbeatMs ?? 300_000;
  const start = options.now();
  const stamp = () => `[${formatElapsed(options.now() - start)}]`;
  let seenTransitions = 0;
  let lastStatus = '';
  let lastChange = start;
  let delay = initial;
  let interruptions = 0;
  const interrupted = () => {
    if (options.signal?.aborted) throw new TrainingInterrupted(String(options.signal.reason ?? 'a stop signal'), options.jobName);
  };
  for (;;) {
    interrupted();
    const job = await retryThrottled(options.describe, {
      sleep: options.sleep,
      onRetry: (attempt, ms) => options.log(`${stamp()} DescribeTrainingJob throttled (attempt ${attempt}); retrying in ${Math.round(ms / 1000)} s`),
    });
    const transitions = job.SecondaryStatusTransitions ?? [];
    for (const transition of transitions.slice(seenTransitions)) {
      if (transition.Status === 'Interrupted') {
        interruptions += 1;
        options.log(`${stamp()} spot interruption #${interruptions}: ${transition.StatusMessage ?? 'capacity reclaimed'}; SageMaker restarts the job from its latest checkpoint`);
      } else {
        options.log(`${stamp()} ${transition.Status}${transition.StatusMessage ? `: ${transition.StatusMessage}` : ''}`);
      }
    }
    const status = `${job.TrainingJobStatus ?? 'Unknown'}/${job.SecondaryStatus ?? 'Unknown'}`;
    const moved = transitions.length > seenTransitions || status !== lastStatus;
    seenTransitions = transitions.length;
    if (TERMINAL.has(job.TrainingJobStatus ?? '')) {
      options.log(`${stamp()} job ${job.TrainingJobStatus} (${job.SecondaryStatus ?? 'no secondary status'})`);
      return { job, spotInterruptions: interruptions };
    }
    if (moved) {
      lastStatus = status;
      lastChange = options.now();
      delay = initial;
    } else {
      if (options.now() - lastChange >= heartbeat) {
        options.log(`${stamp()} still ${job.SecondaryStatus ?? job.TrainingJobStatus} (no change for ${formatElapsed(options.now() - lastChange)})`);
        lastChange = options.now();
      }
      delay = Math.min(max, Math.round(delay * 1.5));
    }
    await options.sleep(delay, options.signal);
  }
}
