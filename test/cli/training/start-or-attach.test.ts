import { CreateTrainingJobCommand, DescribeTrainingJobCommand, SageMakerClient, SearchCommand } from '@aws-sdk/client-sagemaker';
import type { DescribeTrainingJobCommandOutput, TrainingJob, TrainingJobStatus } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_NAME_TRIES, startOrAttach } from '../../../cli/lib/training/start-or-attach';
import { serviceError } from './fixtures';

const sagemaker = mockClient(SageMakerClient);
const IDENTITY = '0123456789abcdef0123456789abcdef';
const KEY = `models/${IDENTITY}/model.tar.gz`;
const name = (attempt: number) => `tst-${IDENTITY}-${attempt}`;
let lines: string[];
let created: string[];
let awaited: string[];

const record = (attempt: number, TrainingJobStatus: TrainingJobStatus, extra: Partial<TrainingJob> = {}) => ({ TrainingJob: { TrainingJobName: name(attempt), TrainingJobStatus, ...extra } });
const options = () => ({
  sagemaker: new SageMakerClient({ region: 'eu-west-1' }),
  retry: { sleep: async () => undefined },
  log: (line: string) => lines.push(line),
  projectPrefix: 'tst',
  identity: IDENTITY,
  modelKey: KEY,
  request: (jobName: string) => ({ TrainingJobName: jobName }) as never,
  awaitEnd: async (jobName: string) => {
    awaited.push(jobName);
    return { TrainingJobName: jobName, TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped', BillableTimeInSeconds: 30, TrainingTimeInSeconds: 60 } as DescribeTrainingJobCommandOutput;
  },
  onCreated: (jobName: string) => created.push(jobName),
});
const inUse = () => serviceError('ResourceInUse', `Training job names must be unique within an AWS account and region`);

beforeEach(() => {
  sagemaker.reset();
  lines = [];
  created = [];
  awaited = [];
  sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn:aws:sagemaker:eu-west-1:111111111111:training-job/x' });
});

describe('startOrAttach', () => {
  it('starts attempt 1 when the tag query finds no job of the key', async () => {
    sagemaker.on(SearchCommand).resolves({ Results: [] });
    await expect(startOrAttach(options())).resolves.toEqual({ jobName: name(1), attempt: 1, attached: false });
    expect(created).toEqual([name(1)]);
  });

  it('starts the attempt after the highest one found, resuming from the newest ended one', async () => {
    sagemaker.on(SearchCommand).resolves({ Results: [record(3, 'Failed', { BillableTimeInSeconds: 300, TrainingTimeInSeconds: 900, SecondaryStatusTransitions: [{ Status: 'Interrupted', StartTime: new Date() }] }), record(1, 'Completed'), { TrainingJob: { TrainingJobName: 'tst-legacy-20261124020000-ab12', TrainingJobStatus: 'Failed' } }] });
    const start = await startOrAttach(options());
    expect(start).toEqual({ jobName: name(4), attempt: 4, attached: false, resumedFrom: { trainingJob: name(3), status: 'Failed', spotInterruptions: 1, billableSeconds: 300, trainingSeconds: 900 } });
  });

  it('waits for a Stopping job of the key to end before starting the next attempt', async () => {
    sagemaker.on(SearchCommand).resolves({ Results: [record(2, 'Stopping')] });
    const start = await startOrAttach(options());
    expect(awaited).toEqual([name(2)]);
    expect(start).toMatchObject({ jobName: name(3), attached: false, resumedFrom: { trainingJob: name(2), status: 'Stopped' } });
    expect(lines[0]).toContain(`training job ${name(2)} of this model is Stopping; waiting for it to end`);
  });

  it('tries the next attempt when its name is taken by a job that has ended (a tag query that lags)', async () => {
    sagemaker.on(SearchCommand).resolves({ Results: [] });
    sagemaker.on(CreateTrainingJobCommand, { TrainingJobName: name(1) }).rejects(inUse());
    sagemaker.on(DescribeTrainingJobCommand, { TrainingJobName: name(1) }).resolves({ TrainingJobName: name(1), TrainingJobStatus: 'Failed', $metadata: {} } as DescribeTrainingJobCommandOutput);
    await expect(startOrAttach(options())).resolves.toMatchObject({ jobName: name(2), attempt: 2, attached: false, resumedFrom: { trainingJob: name(1), status: 'Failed' } });
    expect(created).toEqual([name(2)]);
  });

  it('fails when every name it tries is taken by an ended job, naming the attempts', async () => {
    sagemaker.on(SearchCommand).resolves({ Results: [] });
    sagemaker.on(CreateTrainingJobCommand).rejects(inUse());
    sagemaker.on(DescribeTrainingJobCommand).resolves({ TrainingJobStatus: 'Completed', $metadata: {} } as DescribeTrainingJobCommandOutput);
    await expect(startOrAttach(options())).rejects.toThrow(`the names of attempts 1 to ${MAX_NAME_TRIES} (tst-${IDENTITY}-<attempt>) were each taken by a job that had ended`);
    expect(created).toEqual([]);
  });

  it('fails when CreateTrainingJob fails otherwise, without retrying another name', async () => {
    sagemaker.on(SearchCommand).resolves({ Results: [] });
    sagemaker.on(CreateTrainingJobCommand).rejects(serviceError('ResourceLimitExceeded', 'The account-level service limit for ml.m5.large spot training is 2 instances'));
    await expect(startOrAttach(options())).rejects.toThrow('service limit');
    expect(sagemaker.commandCalls(CreateTrainingJobCommand)).toHaveLength(1);
  });
});
