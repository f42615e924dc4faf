import type { IncomingHttpHeaders } from 'node:http';
import type { Answer } from '../../helpers/aws-answers';
import { awsJsonErrorAnswer } from '../../helpers/aws-answers';

/** a training job the fake SageMaker holds, in the shape DescribeTrainingJob and Search answer. */
export interface FakeJob {
  TrainingJobName: string;
  TrainingJobStatus: 'InProgress' | 'Stopping' | 'Stopped' | 'Completed' | 'Failed';
  SecondaryStatus: string;
  SecondaryStatusTransitions: { Status: string; StartTime: number; StatusMessage?: string }[];
  Tags: { Key: string; Value: string }[];
  CreationTime: number;
  CheckpointConfig?: { S3Uri: string; LocalPath?: string };
  TrainingTimeInSeconds?: number;
  BillableTimeInSeconds?: number;
  TrainingEndTime?: number;
  FailureReason?: string;
  FinalMetricDataList?: { MetricName: string; Value: number; Timestamp: number }[];
  ModelArtifacts?: { S3ModelArtifacts: string };
}

/** one SageMaker call the fake answered (or holds). */
export interface SageMakerCall {
  /** the operation, e.g. `Search` (from X-Amz-Target `SageMaker.Search`) */
  readonly operation: string;
  readonly body: Record<string, unknown>;
  /** the caller's access key id (each racing run signs with its own) */
  readonly caller: string;
}

const ok = (body: unknown): Answer => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) });

/** the access key id in a SigV4 Authorization header. */
export function callerOf(headers: IncomingHttpHeaders): string {
  return /Credential=([A-Z0-9]+)\//.exec(String(headers.authorization ?? ''))?.[1] ?? 'unsigned';
}

/**
 * a loopback SageMaker (awsJson1_1) with the training-job behaviour the step relies on: job names
 * unique per account (CreateTrainingJob answers ResourceInUse for a taken name), Search on
 * TrainingJob by `Tags.<key>` Equals (newest first), StopTrainingJob moving an InProgress job to
 * Stopping and answering ValidationException for a job that is already stopping or has ended,
 * and ThrottlingException for calls a test throttles. Tests set `describe` to play a job's life.
 */
export class LoopbackSageMaker {
  readonly jobs = new Map<string, FakeJob>();
  readonly calls: SageMakerCall[] = [];
  /** operations to answer with ThrottlingException, once each entry */
  readonly throttle: string[] = [];
  /** the job a DescribeTrainingJob answers (after the fake's own changes); tests replace it */
  describe: (job: FakeJob, caller: string) => FakeJob | Promise<FakeJob> = (job) => job;
  /** called with every Search before it is answered (a test may hold it to line up racing runs) */
  beforeSearch: (call: SageMakerCall) => Promise<void> = async () => undefined;
  /** the callers CreateTrainingJob answered ResourceInUse, by job name */
  readonly refused = new Map<string, string[]>();
  private clock = 1_790_000_000;

  /** answers one SageMaker request. */
  async answer(target: string, body: string, headers: IncomingHttpHeaders): Promise<Answer> {
    const operation = target.replace(/^SageMaker\./, '');
    const input = JSON.parse(body || '{}') as Record<string, unknown>;
    const call = { operation, body: input, caller: callerOf(headers) };
    this.calls.push(call);
    const throttled = this.throttle.indexOf(operation);
    if (throttled >= 0) {
      this.throttle.splice(throttled, 1);
      return awsJsonErrorAnswer('ThrottlingException', 'Rate exceeded');
    }
    switch (operation) {
      case 'CreateTrainingJob':
        return this.create(input, call.caller);
      case 'DescribeTrainingJob': {
        const job = this.jobs.get(String(input.TrainingJobName));
        if (!job) return awsJsonErrorAnswer('ValidationException', `Requested resource not found.`);
        return ok(await this.describe(job, call.caller));
      }
      case 'StopTrainingJob':
        return this.stop(String(input.TrainingJobName));
      case 'Search':
        await this.beforeSearch(call);
        return ok({ Results: this.search(input).map((TrainingJob) => ({ TrainingJob })) });
      default:
        return awsJsonErrorAnswer('ValidationException', `the loopback SageMaker does not answer ${operation}`);
    }
  }

  /** a job as a test seeds it: InProgress unless told otherwise, tagged with the model key. */
  seed(job: Partial<FakeJob> & Pick<FakeJob, 'TrainingJobName' | 'Tags'>): FakeJob {
    const full: FakeJob = { TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training', SecondaryStatusTransitions: [], CreationTime: this.tick(), ...job };
    this.jobs.set(full.TrainingJobName, full);
    return full;
  }

  private tick(): number {
    this.clock += 60;
    return this.clock;
  }

  private create(input: Record<string, unknown>, caller: string): Answer {
    const name = String(input.TrainingJobName);
    if (this.jobs.has(name)) {
      this.refused.set(name, [...(this.refused.get(name) ?? []), caller]);
      return awsJsonErrorAnswer('ResourceInUse', `Training job names must be unique within an AWS account and region, and a training job with this name already exists (arn:aws:sagemaker:eu-west-1:111111111111:training-job/${name})`);
    }
    this.seed({
      TrainingJobName: name,
      Tags: (input.Tags as FakeJob['Tags'] | undefined) ?? [],
      CheckpointConfig: input.CheckpointConfig as FakeJob['CheckpointConfig'],
      SecondaryStatus: 'Starting',
      SecondaryStatusTransitions: [{ Status: 'Starting', StartTime: this.clock }],
    });
    return ok({ TrainingJobArn: `arn:aws:sagemaker:eu-west-1:111111111111:training-job/${name}` });
  }

  private stop(name: string): Answer {
    const job = this.jobs.get(name);
    if (!job) return awsJsonErrorAnswer('ResourceNotFound', `Training job ${name} does not exist`);
    if (job.TrainingJobStatus !== 'InProgress') return awsJsonErrorAnswer('ValidationException', `The request was rejected because the training job is in status ${job.TrainingJobStatus}.`);
    job.TrainingJobStatus = 'Stopping';
    job.SecondaryStatus = 'Stopping';
    job.SecondaryStatusTransitions.push({ Status: 'Stopping', StartTime: this.tick() });
    return ok({});
  }

  private search(input: Record<string, unknown>): FakeJob[] {
    if (input.Resource !== 'TrainingJob') return [];
    const filters = ((input.SearchExpression as { Filters?: { Name: string; Operator: string; Value: string }[] } | undefined)?.Filters ?? []);
    const matches = [...this.jobs.values()].filter((job) =>
      filters.every((f) => {
        if (f.Operator !== 'Equals') return false;
        if (f.Name.startsWith('Tags.')) return job.Tags.some((t) => t.Key === f.Name.slice('Tags.'.length) && t.Value === f.Value);
        return String((job as unknown as Record<string, unknown>)[f.Name]) === f.Value;
      }),
    );
    const sorted = matches.sort((a, b) => b.CreationTime - a.CreationTime);
    return sorted.slice(0, Number(input.MaxResults ?? 10));
  }
}
