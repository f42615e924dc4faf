import { CreateTrainingJobCommand, DescribeTrainingJobCommand, SearchCommand } from '@aws-sdk/client-sagemaker';
import type { CreateTrainingJobCommandInput, SageMakerClient, TrainingJob } from '@aws-sdk/client-sagemaker';
import { errorName } from '../aws/sdk-failure';
import { attemptJobName, attemptOf } from './job-name';
import { interruptionsOf, isLive, jobsForKeyQuery, MODEL_KEY_TAG } from './model-key-jobs';
import { retryThrottled } from './throttle-retry';
import type { ThrottleRetryOptions } from './throttle-retry';
import type { TrainingJobDescription } from './wait-for-job';

/** an ended attempt of the same model key, whose checkpoints the new attempt starts from. */
export interface PreviousAttempt {
  readonly trainingJob: string;
  /** Failed, Stopped or Completed */
  readonly status: string;
  /** the secondary status it ended in (e.g. MaxWaitTimeExceeded, Stopped) */
  readonly secondaryStatus?: string;
  readonly spotInterruptions: number;
  /** seconds billed per instance for that attempt (paid already) */
  readonly billableSeconds: number;
  readonly trainingSeconds: number;
  readonly failureReason?: string;
}

/** the job a model's run waits for: one it created, or one another run created for the same key. */
export interface JobStart {
  readonly jobName: string;
  /** the attempt number in the job's name (`<prefix>-<identity>-<attempt>`) */
  readonly attempt: number;
  /** true when another run started the job (found by the tag query, or it won the race for the name) */
  readonly attached: boolean;
  /** the latest ended attempt of the key, when there is one: the new job starts from its checkpoints */
  readonly resumedFrom?: PreviousAttempt;
}

/** what starting or attaching needs. */
export interface StartOrAttachOptions {
  readonly sagemaker: SageMakerClient;
  readonly retry: ThrottleRetryOptions;
  readonly log: (line: string) => void;
  readonly projectPrefix: string;
  readonly identity: string;
  readonly modelKey: string;
  /** the CreateTrainingJob request for a job name */
  readonly request: (jobName: string) => CreateTrainingJobCommandInput;
  /** waits for a Stopping job to end; resolves to its final description */
  readonly awaitEnd: (jobName: string) => Promise<TrainingJobDescription>;
  /** told about a job this run created, as soon as SageMaker accepted it (so a stop can stop it) */
  readonly onCreated: (jobName: string) => void;
}

/** how many names the run tries before giving up (each try means another run took the name first). */
export const MAX_NAME_TRIES = 5;

function previousOf(job: TrainingJob | TrainingJobDescription | undefined): PreviousAttempt | undefined {
  if (!job?.TrainingJobName || isLive(job.TrainingJobStatus) || job.TrainingJobStatus === undefined) return undefined;
  return {
    trainingJob: job.TrainingJobName,
    status: job.TrainingJobStatus,
    ...(job.SecondaryStatus ? { secondaryStatus: job.SecondaryStatus } : {}),
    spotInterruptions: interruptionsOf(job),
    billableSeconds: job.BillableTimeInSeconds ?? 0,
    trainingSeconds: job.TrainingTimeInSeconds ?? 0,
    ...(job.FailureReason ? { failureReason: job.FailureReason } : {}),
  };
}

/**
 * finds the job of a model key, or starts it, so that a key never has two jobs at once:
 * 1. the tag query (Search on TrainingJob, `Tags.mlpipe:model-key` Equals the key, newest first):
 *    an InProgress job is attached to; a Stopping one is waited for (it still writes the key's
 *    checkpoints) before the next attempt starts;
 * 2. otherwise CreateTrainingJob with the next attempt's deterministic name. Two runs that searched
 *    at the same moment create the same name, and SageMaker accepts only one: the other gets
 *    ResourceInUse, describes the job and attaches to it (or, when that job has already ended,
 *    tries the next attempt).
 * The new attempt reuses the key's checkpoint prefix, so it starts from the latest ended attempt's
 * checkpoints (reported as `resumedFrom`).
 */
export async function startOrAttach(options: StartOrAttachOptions): Promise<JobStart> {
  const { sagemaker, retry, log, projectPrefix, identity } = options;
  const found = await retryThrottled(() => sagemaker.send(new SearchCommand(jobsForKeyQuery(options.modelKey))), retry);
  const jobs = (found.Results ?? []).map((r) => r.TrainingJob).filter((j): j is TrainingJob => j?.TrainingJobName !== undefined);
  const attemptIn = (name: string | undefined) => attemptOf(name, projectPrefix, identity) ?? 0;
  let attempt = Math.max(0, ...jobs.map((j) => attemptIn(j.TrainingJobName))) + 1;
  let previous = previousOf(jobs.find((j) => !isLive(j.TrainingJobStatus)));

  const live = jobs.find((j) => isLive(j.TrainingJobStatus));
  if (live?.TrainingJobStatus === 'InProgress') {
    const name = live.TrainingJobName as string;
    log(`attaching to training job ${name} (InProgress, found by tag ${MODEL_KEY_TAG}=${options.modelKey}): another run started this model; waiting for it instead of starting a second job`);
    return { jobName: name, attempt: attemptIn(name), attached: true };
  }
  if (live) {
    const name = live.TrainingJobName as string;
    log(`training job ${name} of this model is Stopping; waiting for it to end before the next attempt (it still writes the model's checkpoints)`);
    previous = previousOf(await options.awaitEnd(name)) ?? previous;
  }

  for (let tries = 0; tries < MAX_NAME_TRIES; tries++, attempt++) {
    const name = attemptJobName(projectPrefix, identity, attempt);
    try {
      await retryThrottled(() => sagemaker.send(new CreateTrainingJobCommand(options.request(name))), retry);
      options.onCreated(name);
      return { jobName: name, attempt, attached: false, ...(previous ? { resumedFrom: previous } : {}) };
    } catch (err) {
      if (errorName(err) !== 'ResourceInUse') throw err;
    }
    const other = await retryThrottled(() => sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name })), retry);
    if (other.TrainingJobStatus === 'InProgress') {
      log(`training job ${name} was created by another run a moment ago (CreateTrainingJob answered ResourceInUse); attaching to it instead of starting a second job`);
      return { jobName: name, attempt, attached: true };
    }
    if (other.TrainingJobStatus === 'Stopping') {
      log(`training job ${name} exists and is Stopping; waiting for it to end before the next attempt`);
      previous = previousOf(await options.awaitEnd(name)) ?? previous;
    } else {
      previous = previousOf(other) ?? previous;
    }
  }
  throw new Error(
    `could not start a training job for ${options.modelKey}: the names of attempts ${attempt - MAX_NAME_TRIES} to ${attempt - 1} (${projectPrefix}-${identity}-<attempt>) were each taken by a job that had ended; ` +
      'SageMaker\'s Search did not return them yet (it is eventually consistent). Run the step again',
  );
}
