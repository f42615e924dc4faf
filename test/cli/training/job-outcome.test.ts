import { failureExplanation } from '../../../cli/lib/training/job-outcome';

const NAME = 'tst-0123456789-20260504093000-ab12';

describe('failureExplanation', () => {
  test('a failed job names its reason and where its log is', () => {
    expect(failureExplanation({ TrainingJobName: NAME, TrainingJobStatus: 'Failed', SecondaryStatus: 'Failed', FailureReason: 'AlgorithmError: bad input' })).toBe(
      `training job ${NAME} failed: AlgorithmError: bad input; read its log group /aws/sagemaker/TrainingJobs (stream ${NAME}/algo-1-*) and fix the container, data or hyperparameters`,
    );
  });

  test('a failed job without a reason says so', () => {
    expect(failureExplanation({ TrainingJobName: NAME, TrainingJobStatus: 'Failed', SecondaryStatus: undefined })).toBe(
      `training job ${NAME} failed without a reason; read its log group /aws/sagemaker/TrainingJobs (stream ${NAME}/algo-1-*) and fix the container, data or hyperparameters`,
    );
  });

  test('a job stopped for lack of spot capacity points at maxWaitSeconds', () => {
    expect(failureExplanation({ TrainingJobName: NAME, TrainingJobStatus: 'Stopped', SecondaryStatus: 'MaxWaitTimeExceeded' })).toBe(
      `training job ${NAME} stopped: MaxWaitTimeExceeded; no spot capacity (or not enough) within training.maxWaitSeconds. Raise maxWaitSeconds, choose another instanceType, or set spot: false`,
    );
  });

  test('a job stopped at its runtime limit points at maxRuntimeSeconds, with the reason', () => {
    expect(failureExplanation({ TrainingJobName: NAME, TrainingJobStatus: 'Stopped', SecondaryStatus: 'MaxRuntimeExceeded', FailureReason: 'ran 3600 s' })).toBe(
      `training job ${NAME} stopped: MaxRuntimeExceeded: ran 3600 s; training took longer than training.maxRuntimeSeconds. Raise maxRuntimeSeconds or train on a larger instanceType`,
    );
  });

  test('a job stopped by someone says StopTrainingJob was called', () => {
    expect(failureExplanation({ TrainingJobName: NAME, TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped' })).toBe(
      `training job ${NAME} was stopped (Stopped); someone or something called StopTrainingJob. Start the pipeline again to retrain`,
    );
    expect(failureExplanation({ TrainingJobName: undefined, TrainingJobStatus: 'Stopped', SecondaryStatus: undefined })).toBe(
      'training job (unnamed) was stopped (Stopped); someone or something called StopTrainingJob. Start the pipeline again to retrain',
    );
  });

  test('the status decides before the secondary status: a failed job is failed even if its secondary status says otherwise', () => {
    expect(failureExplanation({ TrainingJobName: NAME, TrainingJobStatus: 'Failed', SecondaryStatus: 'MaxRuntimeExceeded' })).toContain('failed without a reason');
  });
});
