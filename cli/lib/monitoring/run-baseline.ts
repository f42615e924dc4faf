import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { CreateProcessingJobCommand, DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { copyCreateOnly, KeyExistsError } from '../training/create-only-copy';
import type { BaselineJobPlan } from './baseline-job';
import { baselineJobRequest, baselinePublication } from './baseline-job';

/** what making a baseline talks to; tests pass mocked clients and a fake clock. */
export interface BaselineDeps {
  readonly sagemaker: SageMakerClient;
  /** the client of the models bucket's region */
  readonly s3: S3Client;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
  /**
   * the wait between two DescribeProcessingJob calls
   * @default 30000
   */
  readonly pollMs?: number;
}

/** a baseline job that ended without its files. */
export class BaselineJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineJobError';
  }
}

/** how a model's baseline was found or made. */
export type BaselineOutcome = { readonly outcome: 'exists' } | { readonly outcome: 'published'; readonly jobName: string };

/** whether an object exists (HeadObject: 404 is false; any other error is thrown). */
export async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'NotFound' || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
}

/**
 * makes sure a model's data-quality baseline exists beside it: when both files are there (a skipped
 * training, or an earlier run) it does nothing; otherwise it runs the baseline job, waits for it, and
 * publishes statistics.json and constraints.json create-only to `models/<identity>/baseline/`. A file
 * published meanwhile by a concurrent run is kept (the same identity gives the same baseline).
 */
export async function ensureBaseline(deps: BaselineDeps, plan: BaselineJobPlan): Promise<BaselineOutcome> {
  const bucket = plan.target.modelsBucket;
  const { keys } = plan;
  if ((await objectExists(deps.s3, bucket, keys.statistics)) && (await objectExists(deps.s3, bucket, keys.constraints))) {
    deps.log(`baseline s3://${bucket}/${keys.prefix} exists; reusing it`);
    return { outcome: 'exists' };
  }
  deps.log(`baseline s3://${bucket}/${keys.prefix} is missing; starting baseline job ${plan.jobName}`);
  await deps.sagemaker.send(new CreateProcessingJobCommand(baselineJobRequest(plan)));
  for (;;) {
    const job = await deps.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: plan.jobName }));
    const status = job.ProcessingJobStatus;
    if (status === 'Completed') break;
    if (status === 'Failed' || status === 'Stopped') {
      throw new BaselineJobError(`baseline job ${plan.jobName} ended ${status}${job.FailureReason ? `: ${job.FailureReason}` : ''}${job.ExitMessage ? ` (${job.ExitMessage})` : ''}; its logs are in /aws/sagemaker/ProcessingJobs`);
    }
    await deps.sleep(deps.pollMs ?? 30_000);
  }
  for (const file of baselinePublication(plan)) {
    const head = await deps.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: file.from }));
    try {
      await copyCreateOnly(deps.s3, {
        sourceBucket: bucket,
        sourceKey: file.from,
        size: head.ContentLength ?? 0,
        bucket,
        key: file.to,
        kmsKeyArn: plan.target.kmsKeyArn,
        metadata: { 'baseline-job': plan.jobName, identity: plan.identity },
        contentType: 'application/json',
      });
    } catch (err) {
      if (!(err instanceof KeyExistsError)) throw err;
      deps.log(`s3://${bucket}/${file.to} was published meanwhile; keeping it`);
    }
  }
  deps.log(`baseline published to s3://${bucket}/${keys.prefix} (statistics.json, constraints.json)`);
  return { outcome: 'published', jobName: plan.jobName };
}
