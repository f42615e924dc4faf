import { DescribeModelPackageCommand, ListModelPackagesCommand } from '@aws-sdk/client-sagemaker';
import type { DescribeModelPackageCommandOutput, ModelPackageSummary, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { retryThrottled } from '../training/throttle-retry';
import type { ThrottleRetryOptions } from '../training/throttle-retry';
import { REGISTRY_METADATA } from './model-package-request';
import type { ApprovalStatus } from './registered-version';

/** a version found in a group, with what it records. */
export interface FoundVersion {
  readonly arn: string;
  readonly version: number;
  readonly status: ApprovalStatus;
  readonly metadata: Readonly<Record<string, string>>;
  readonly commitId: string | undefined;
  readonly modelDataUrl: string | undefined;
  readonly image: string | undefined;
}

/** a version description as FoundVersion. */
export function foundVersion(described: Pick<DescribeModelPackageCommandOutput, 'ModelPackageArn' | 'ModelPackageVersion' | 'ModelApprovalStatus' | 'CustomerMetadataProperties' | 'MetadataProperties' | 'InferenceSpecification'>): FoundVersion {
  const container = described.InferenceSpecification?.Containers?.[0];
  return {
    arn: described.ModelPackageArn ?? '',
    version: described.ModelPackageVersion ?? 0,
    status: (described.ModelApprovalStatus ?? 'PendingManualApproval') as ApprovalStatus,
    metadata: described.CustomerMetadataProperties ?? {},
    commitId: described.MetadataProperties?.CommitId,
    modelDataUrl: container?.ModelDataUrl,
    image: container?.Image,
  };
}

/** every version summary of a group, oldest first (all pages). */
async function versions(sagemaker: SageMakerClient, group: string, retry: ThrottleRetryOptions): Promise<ModelPackageSummary[]> {
  const all: ModelPackageSummary[] = [];
  let token: string | undefined;
  do {
    const page = await retryThrottled(
      () => sagemaker.send(new ListModelPackagesCommand({ ModelPackageGroupName: group, ModelPackageType: 'Versioned', SortBy: 'CreationTime', SortOrder: 'Ascending', MaxResults: 100, NextToken: token })),
      retry,
    );
    all.push(...(page.ModelPackageSummaryList ?? []));
    token = page.NextToken;
  } while (token);
  return all;
}

/**
 * the oldest version of a group registered for a content address, or undefined: lists the group's
 * versions, and describes those whose description names the identity to confirm it by their
 * `mlpipe:identity` metadata (the description is only a filter).
 */
export async function findVersion(sagemaker: SageMakerClient, group: string, identity: string, retry: ThrottleRetryOptions): Promise<FoundVersion | undefined> {
  const candidates = (await versions(sagemaker, group, retry)).filter((s) => (s.ModelPackageDescription ?? '').includes(`identity ${identity}`));
  for (const candidate of candidates) {
    const described = await describeVersion(sagemaker, candidate.ModelPackageArn ?? '', retry);
    if (described.metadata[REGISTRY_METADATA.identity] === identity) return described;
  }
  return undefined;
}

/** one version by ARN. */
export async function describeVersion(sagemaker: SageMakerClient, arn: string, retry: ThrottleRetryOptions): Promise<FoundVersion> {
  const described = await retryThrottled(() => sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arn })), retry);
  return foundVersion(described);
}
