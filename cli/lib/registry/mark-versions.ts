import { UpdateModelPackageCommand } from '@aws-sdk/client-sagemaker';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { errorName } from '../aws/sdk-failure';
import { retryThrottled } from '../training/throttle-retry';
import type { ThrottleRetryOptions } from '../training/throttle-retry';
import { describeVersion } from './find-version';
import type { ApprovalStatus } from './registered-version';

/** what happened to one version. */
export interface MarkedVersion {
  readonly arn: string;
  readonly version: number;
  /** its status before */
  readonly was: ApprovalStatus;
  /** its status now */
  readonly now: ApprovalStatus;
  /** why it was left as it was, when it was */
  readonly kept?: string;
}

/** how many times an update that met a concurrent one (ConflictException) is tried. */
const CONFLICT_ATTEMPTS = 5;

/**
 * marks versions Approved (a promotion to production went through) or Rejected (it was
 * rejected). A version already in that status is left alone; a rejection leaves an Approved
 * version Approved (production serves it, promoted by an earlier approval). A concurrent update
 * (ConflictException) is retried after reading the version again.
 */
export async function markVersions(sagemaker: SageMakerClient, arns: readonly string[], status: 'Approved' | 'Rejected', description: string, retry: ThrottleRetryOptions): Promise<MarkedVersion[]> {
  const marked: MarkedVersion[] = [];
  for (const arn of arns) {
    for (let attempt = 1; ; attempt++) {
      const current = await describeVersion(sagemaker, arn, retry);
      if (current.status === status) {
        marked.push({ arn, version: current.version, was: current.status, now: current.status, kept: `already ${status}` });
        break;
      }
      if (status === 'Rejected' && current.status === 'Approved') {
        marked.push({ arn, version: current.version, was: current.status, now: current.status, kept: 'Approved by an earlier promotion (production serves it); a rejection does not revoke it' });
        break;
      }
      try {
        await retryThrottled(() => sagemaker.send(new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: status, ApprovalDescription: description.slice(0, 1024) })), retry);
        marked.push({ arn, version: current.version, was: current.status, now: status });
        break;
      } catch (err) {
        if (errorName(err) !== 'ConflictException' || attempt >= CONFLICT_ATTEMPTS) throw err;
        await retry.sleep(500 * attempt);
      }
    }
  }
  return marked;
}
