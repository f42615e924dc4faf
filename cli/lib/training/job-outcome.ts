import type { TrainingJobDescription } from './wait-for-job';

/** why a job that did not complete ended, and what to do about it. */
export function failureExplanation(job: Pick<TrainingJobDescription, 'TrainingJobName' | 'TrainingJobStatus' | 'SecondaryStatus' | 'FailureReason'>): string {
  const name = job.TrainingJobName ?? '(unnamed)';
  const reason = job.FailureReason ? `: ${job.FailureReason}` : '';
  if (job.TrainingJobStatus === 'Failed') {
    return `training job ${name} failed${reason || ' without a reason'}; read its log group /aws/sagemaker/TrainingJobs (stream ${name}/algo-1-*) and fix the container, data or hyperparameters`;
  }
  switch (job.SecondaryStatus) {
    case 'MaxWaitTimeExceeded':
      return `training job ${name} stopped: MaxWaitTimeExceeded${reason}; no spot capacity (or not enough) within training.maxWaitSeconds. Raise maxWaitSeconds, choose another instanceType, or set spot: false`;
    case 'MaxRuntimeExceeded':
      return `training job ${name} stopped: MaxRuntimeExceeded${reason}; training took longer than training.maxRuntimeSeconds. Raise maxRuntimeSeconds or train on a larger instanceType`;
    default:
      return `training job ${name} was stopped (${job.SecondaryStatus ?? 'Stopped'})${reason}; someone or something called StopTrainingJob. Start the pipeline again to retrain`;
  }
}
