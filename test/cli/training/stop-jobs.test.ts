import { DescribeTrainingJobCommand, SageMakerClient, StopTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { abortableSleep, stopTrainingJob } from '../../../cli/lib/training/stop-jobs';
import { serviceError } from './fixtures';

const sagemaker = mockClient(SageMakerClient);
const JOB = 'tst-0123456789abcdef0123456789abcdef-1';
let clock: number;
let lines: string[];
const described = (TrainingJobStatus: string, SecondaryStatus = TrainingJobStatus) => ({ TrainingJobName: JOB, TrainingJobStatus, SecondaryStatus, $metadata: {} }) as DescribeTrainingJobCommandOutput;
const options = (waitMs = 60_000) => ({
  sagemaker: new SageMakerClient({ region: 'eu-west-1' }),
  jobName: JOB,
  sleep: async (ms: number) => {
    clock += ms;
  },
  now: () => clock,
  waitMs,
  log: (line: string) => lines.push(line),
});

beforeEach(() => {
  sagemaker.reset();
  clock = 0;
  lines = [];
  sagemaker.on(StopTrainingJobCommand).resolves({});
});

describe('stopTrainingJob', () => {
  it('sends StopTrainingJob, then describes every 5 s until the job is Stopped', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolvesOnce(described('Stopping')).resolvesOnce(described('Stopping')).resolves(described('Stopped'));
    const result = await stopTrainingJob(options());
    expect(sagemaker.commandCalls(StopTrainingJobCommand).map((c) => c.args[0].input)).toEqual([{ TrainingJobName: JOB }]);
    expect(sagemaker.commandCalls(DescribeTrainingJobCommand)).toHaveLength(3);
    expect(result).toMatchObject({ trainingJob: JOB, stopRequested: true, status: 'Stopped', waitedSeconds: 10 });
    expect(lines).toEqual([`sent StopTrainingJob for ${JOB}`, `training job ${JOB} is Stopped after 10 s`]);
  });

  it('stops waiting when the wait runs out, saying SageMaker finishes the stop', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves(described('Stopping'));
    const result = await stopTrainingJob(options(12_000));
    expect(result).toMatchObject({ status: 'Stopping', waitedSeconds: 12 });
    expect(result.summary).toBe(`training job ${JOB} is still Stopping after 12 s; SageMaker stops it (SIGTERM to the container, 120 s, then the upload): no further step is needed`);
  });

  it('takes ValidationException (already stopping or ended) as done, and reports the status it finds', async () => {
    sagemaker.on(StopTrainingJobCommand).rejects(serviceError('ValidationException', 'The request was rejected because the training job is in status Stopping.'));
    sagemaker.on(DescribeTrainingJobCommand).resolvesOnce(described('Stopping')).resolves(described('Stopped'));
    const result = await stopTrainingJob(options());
    expect(result).toMatchObject({ stopRequested: false, status: 'Stopped' });
    expect(lines[0]).toBe(`StopTrainingJob for ${JOB}: The request was rejected because the training job is in status Stopping. (it is already stopping or has ended)`);
    expect(result.summary).toContain('it had ended or was stopping already');
  });

  it('retries a throttled StopTrainingJob within the wait', async () => {
    sagemaker.on(StopTrainingJobCommand).rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded')).resolves({});
    sagemaker.on(DescribeTrainingJobCommand).resolves(described('Stopped'));
    await expect(stopTrainingJob(options())).resolves.toMatchObject({ stopRequested: true, status: 'Stopped' });
    expect(sagemaker.commandCalls(StopTrainingJobCommand)).toHaveLength(2);
    expect(clock).toBeLessThanOrEqual(250);
  });

  it('fails when StopTrainingJob is refused otherwise, saying how to stop the job by hand', async () => {
    sagemaker.on(StopTrainingJobCommand).rejects(serviceError('AccessDeniedException', 'not authorized to perform: sagemaker:StopTrainingJob', 403));
    const result = await stopTrainingJob(options());
    expect(result).toMatchObject({ stopRequested: false, status: 'Unknown' });
    expect(result.summary).toBe(`StopTrainingJob for ${JOB} failed: not authorized to perform: sagemaker:StopTrainingJob; stop it by hand (aws sagemaker stop-training-job --training-job-name ${JOB}) or it runs until its max runtime`);
    expect(sagemaker.commandCalls(DescribeTrainingJobCommand)).toHaveLength(0);
  });
});

describe('abortableSleep', () => {
  it('ends at once when the signal aborts, and waits its time otherwise', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const sleeping = abortableSleep(30_000, stop.signal);
    stop.abort('SIGTERM');
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1000);
    const full = Date.now();
    await abortableSleep(50);
    expect(Date.now() - full).toBeGreaterThanOrEqual(45);
    // an aborted signal: no wait at all
    await abortableSleep(30_000, stop.signal);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
