import { DescribeTrainingJobCommand, StopTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { errorMessage, errorName } from '../aws/sdk-failure';
import { retryThrottled } from './throttle-retry';
import type { TrainingJobDescription } from './wait-for-job';

/**
 * how long a stopped step waits, by default, for its jobs to reach Stopped after StopTrainingJob.
 * SageMaker gives the container 120 s after SIGTERM (StopTrainingJob's API doc), then uploads;
 * AWS does not document how long CodeBuild waits before it kills a stopped or timed-out build, so
 * StopTrainingJob is sent first, and this wait only decides how much of the ending the step sees.
 */
export const DEFAULT_STOP_WAIT_SECONDS = 60;

/** the longest stop wait `--stop-wait` accepts, in seconds. */
export const MAX_STOP_WAIT_SECONDS = 600;

/** how often a stopping job is described, in milliseconds. */
export const STOP_POLL_MS = 5000;

/** the step was stopped (SIGTERM or SIGINT): a model's run ends early. */
export class TrainingInterrupted extends Error {
  constructor(
    readonly signal: string,
    /** the job the model was waiting for, when it had one */
    readonly jobName: string | undefined,
    /** what the model's run knew of its job (attempt, attached, checkpoints, instance) */
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(`the train step received ${signal}${jobName ? ` while waiting for training job ${jobName}` : ' before this model\'s job started'}`);
    this.name = 'TrainingInterrupted';
  }
}

/** what stopping one job did. */
export interface JobStopResult {
  readonly trainingJob: string;
  /** true when SageMaker accepted StopTrainingJob; false when the job was already stopping or had ended */
  readonly stopRequested: boolean;
  /** the job's status when the step stopped waiting (Stopped, or Stopping when the wait ran out) */
  readonly status: string;
  /** seconds from the StopTrainingJob call to that status */
  readonly waitedSeconds: number;
  /** the last description of the job (billable time, interruptions) */
  readonly job?: TrainingJobDescription;
  /** one line saying what happened */
  readonly summary: string;
}

/** what stopping a job needs. */
export interface StopJobOptions {
  readonly sagemaker: SageMakerClient;
  readonly jobName: string;
  /** waits this many milliseconds (not cut short by the stop) */
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** how long to wait for Stopped, in milliseconds */
  readonly waitMs: number;
  readonly log: (line: string) => void;
}

const ENDED = new Set(['Stopped', 'Completed', 'Failed']);

/**
 * stops one training job: StopTrainingJob (a ValidationException means it is already stopping or
 * has ended, which is what was wanted), then DescribeTrainingJob every 5 s until it has ended or
 * `waitMs` ran out. Throttled calls are retried quickly, within the wait.
 */
export async function stopTrainingJob(options: StopJobOptions): Promise<JobStopResult> {
  const { sagemaker, jobName, log } = options;
  const started = options.now();
  const retry = { sleep: options.sleep, attempts: 4, baseDelayMs: 250, maxDelayMs: 2000 };
  let stopRequested = false;
  try {
    await retryThrottled(() => sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: jobName })), retry);
    stopRequested = true;
    log(`sent StopTrainingJob for ${jobName}`);
  } catch (err) {
    if (errorName(err) !== 'ValidationException') {
      const summary = `StopTrainingJob for ${jobName} failed: ${errorMessage(err)}; stop it by hand (aws sagemaker stop-training-job --training-job-name ${jobName}) or it runs until its max runtime`;
      log(summary);
      return { trainingJob: jobName, stopRequested, status: 'Unknown', waitedSeconds: 0, summary };
    }
    log(`StopTrainingJob for ${jobName}: ${errorMessage(err)} (it is already stopping or has ended)`);
  }
  let job: TrainingJobDescription | undefined;
  for (;;) {
    try {
      job = await retryThrottled(() => sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName })), retry);
    } catch (err) {
      log(`DescribeTrainingJob ${jobName}: ${errorMessage(err)}`);
    }
    const status = job?.TrainingJobStatus ?? 'Unknown';
    const waitedSeconds = Math.round((options.now() - started) / 1000);
    if (ENDED.has(status) || options.now() - started >= options.waitMs) {
      const summary = ENDED.has(status)
        ? `training job ${jobName} is ${status}${job?.SecondaryStatus && job.SecondaryStatus !== status ? ` (${job.SecondaryStatus})` : ''} after ${waitedSeconds} s${stopRequested ? '' : '; it had ended or was stopping already'}`
        : `training job ${jobName} is still ${status} after ${waitedSeconds} s; SageMaker stops it (SIGTERM to the container, 120 s, then the upload): no further step is needed`;
      log(summary);
      return { trainingJob: jobName, stopRequested, status, waitedSeconds, ...(job ? { job } : {}), summary };
    }
    await options.sleep(Math.min(STOP_POLL_MS, Math.max(0, options.waitMs - (options.now() - started))));
  }
}

/**
 * waits `ms` milliseconds, or less when `signal` aborts (the step was stopped); never rejects. The
 * timer is cleared on abort, so a stopped step does not linger for the rest of a poll interval.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal?.aborted) {
      done();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      done();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      done();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
