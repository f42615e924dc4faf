import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTrainingJobCommand, DescribeTrainingJobCommand, SageMakerClient, SearchCommand, StopTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { ExitCode } from '../../../cli/exit-codes';
import { runTraining } from '../../../cli/lib/training/run-training';
import type { TrainingReport } from '../../../cli/lib/training/training-report';
import { modelKeyFor } from '../../../config/model-definition';
import { IMAGE_HASH, serviceError, target, trainingConfig } from './fixtures';

const sagemaker = mockClient(SageMakerClient);
const s3 = mockClient(S3Client);
const config = trainingConfig();
const MODEL_KEY = modelKeyFor(config, IMAGE_HASH);
const IDENTITY = MODEL_KEY.split('/')[1];
const JOB = `tst-${IDENTITY}-1`;
const START = Date.parse('2026-11-24T02:00:00Z');

let clock: number;
let lines: string[];
let reports: TrainingReport[];
let stop: AbortController;

/** deps whose first interruptible sleep (a status poll) plays CodeBuild stopping the build */
function deps() {
  return {
    sagemaker: new SageMakerClient({ region: 'eu-west-1' }),
    s3: new S3Client({ region: 'eu-west-1' }),
    s3In: (region: string) => new S3Client({ region }),
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal && !stop.signal.aborted) stop.abort('SIGTERM');
      clock += ms;
    },
    now: () => clock,
    log: (line: string) => lines.push(line),
    writeReport: async (report: TrainingReport) => {
      reports.push(report);
    },
    pollDelayMs: 1000,
    stopSignal: stop.signal,
    stopWaitMs: 30_000,
  };
}
const described = (TrainingJobStatus: string, extra: Partial<DescribeTrainingJobCommandOutput> = {}) =>
  ({ TrainingJobName: JOB, TrainingJobStatus, SecondaryStatus: TrainingJobStatus === 'InProgress' ? 'Training' : TrainingJobStatus, CreationTime: new Date(START), $metadata: {}, ...extra }) as DescribeTrainingJobCommandOutput;

beforeEach(() => {
  sagemaker.reset();
  s3.reset();
  clock = START;
  lines = [];
  reports = [];
  stop = new AbortController();
  s3.on(HeadObjectCommand).rejects(serviceError('NotFound', 'Not Found', 404));
  sagemaker.on(SearchCommand).resolves({ Results: [] });
  sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: `arn:aws:sagemaker:eu-west-1:111111111111:training-job/${JOB}` });
  sagemaker.on(StopTrainingJobCommand).resolves({});
});

describe('runTraining when the step is stopped', () => {
  it('stops the job it started, waits until Stopped, reports its cost and exits TRAINING_INTERRUPTED', async () => {
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolvesOnce(described('InProgress'))
      .resolvesOnce(described('Stopping'))
      .resolves(described('Stopped', { TrainingTimeInSeconds: 300, BillableTimeInSeconds: 90, TrainingEndTime: new Date(START + 400_000), SecondaryStatusTransitions: [{ Status: 'Interrupted', StartTime: new Date(START) }] }));
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.TRAINING_INTERRUPTED);
    expect(sagemaker.commandCalls(StopTrainingJobCommand).map((c) => c.args[0].input)).toEqual([{ TrainingJobName: JOB }]);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ outcome: 'failed', failed: ['default'] });
    expect(reports[0].models[0]).toMatchObject({
      outcome: 'interrupted',
      trainingJob: JOB,
      attempt: 1,
      attached: false,
      // the fake clock counts the interrupted poll's 1 s and one 5 s stop poll
      stop: { signal: 'SIGTERM', stopRequested: true, status: 'Stopped', waitedSeconds: 6 },
      cost: { trainingSeconds: 300, billableSeconds: 90, savingsPercent: 70 },
      spotInterruptions: 1,
      wallSeconds: 400,
    });
    expect(lines).toContain(`received SIGTERM: stopping the 1 training job(s) this step started (${JOB}) and waiting up to 30 s for them to stop; jobs of other runs this step attached to keep running for those runs`);
    expect(lines).toContain(`[default] stopped by SIGTERM: training job ${JOB} is Stopped after 6 s`);
  });

  it('starts no job when the stop came before the model\'s run', async () => {
    stop.abort('SIGINT');
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.TRAINING_INTERRUPTED);
    expect(sagemaker.commandCalls(SearchCommand)).toHaveLength(0);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
    expect(reports[0].models[0]).toMatchObject({ outcome: 'interrupted', stop: { signal: 'SIGINT', stopRequested: false, status: 'NotStarted' } });
  });

  it('leaves a job it attached to running for the run that started it', async () => {
    sagemaker.on(SearchCommand).resolves({ Results: [{ TrainingJob: { TrainingJobName: JOB, TrainingJobStatus: 'InProgress' } }] });
    sagemaker.on(DescribeTrainingJobCommand).resolves(described('InProgress'));
    await expect(runTraining(config, target(), deps())).resolves.toBe(ExitCode.TRAINING_INTERRUPTED);
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(0);
    expect(sagemaker.commandCalls(StopTrainingJobCommand)).toHaveLength(0);
    expect(reports[0].models[0]).toMatchObject({ outcome: 'interrupted', attached: true, stop: { stopRequested: false, status: 'InProgress' } });
    expect(reports[0].models[0].failure).toContain(`training job ${JOB} was started by another run (attached); left running for that run`);
  });
});
