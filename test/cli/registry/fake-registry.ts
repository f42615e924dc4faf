import type { Answer, SeenRequest } from '../../helpers/aws-answers';
import { awsJsonErrorAnswer } from '../../helpers/aws-answers';

/** one version the fake registry holds. */
export interface FakeVersion {
  readonly arn: string;
  readonly group: string;
  readonly version: number;
  status: string;
  readonly request: Record<string, unknown>;
  readonly createdAt: number;
  approvalDescription?: string;
}

const ok = (body: unknown): Answer => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) });
const METADATA_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * SageMaker's model registry, as SageMaker answers on the wire (awsJson1_1): groups and their
 * versions, CreateModelPackage with its idempotency token, ListModelPackages with pages,
 * DescribeModelPackage, UpdateModelPackage, and DescribeTrainingJob for the job's metrics. It
 * answers as SageMaker does when things go wrong: ValidationException for a missing group or
 * version and for metadata beyond its limits, ThrottlingException and ConflictException when a
 * test queues them.
 */
export class FakeRegistry {
  readonly versions: FakeVersion[] = [];
  readonly groups: Set<string>;
  /** errors to answer, one per matching call, by operation (e.g. `CreateModelPackage`) */
  readonly queued = new Map<string, Answer[]>();
  /** the final metrics of each training job */
  readonly jobMetrics = new Map<string, { MetricName: string; Value: number }[]>();
  /** the page size of ListModelPackages (SageMaker's MaxResults may be cut shorter) */
  pageSize = 100;
  private readonly tokens = new Map<string, string>();
  private clock = 1_790_000_000;

  constructor(groups: readonly string[]) {
    this.groups = new Set(groups);
  }

  /** queues an error for the next call of an operation. */
  fail(operation: string, answer: Answer, times = 1): void {
    this.queued.set(operation, [...(this.queued.get(operation) ?? []), ...Array.from({ length: times }, () => answer)]);
  }

  /** adds a version as if registered before, returning it. */
  seed(group: string, request: Record<string, unknown>, status = 'PendingManualApproval'): FakeVersion {
    const version = this.versions.filter((v) => v.group === group).length + 1;
    const added = { arn: `arn:aws:sagemaker:eu-west-1:111111111111:model-package/${group}/${version}`, group, version, status, request, createdAt: this.clock++ };
    this.versions.push(added);
    return added;
  }

  /** the answer to one request. */
  answer(request: SeenRequest): Answer {
    const operation = (request.target ?? '').replace(/^SageMaker\./, '');
    const queued = this.queued.get(operation);
    if (queued && queued.length > 0) return queued.shift() as Answer;
    const body = JSON.parse(request.body || '{}') as Record<string, unknown>;
    switch (operation) {
      case 'CreateModelPackage':
        return this.create(body);
      case 'ListModelPackages':
        return this.list(body);
      case 'DescribeModelPackage':
        return this.describe(String(body.ModelPackageName));
      case 'UpdateModelPackage':
        return this.update(body);
      case 'DescribeTrainingJob': {
        const name = String(body.TrainingJobName);
        const metrics = this.jobMetrics.get(name);
        if (!metrics) return awsJsonErrorAnswer('ValidationException', `Requested resource not found: training job ${name} does not exist`);
        return ok({ TrainingJobName: name, TrainingJobArn: `arn:aws:sagemaker:eu-west-1:111111111111:training-job/${name}`, TrainingJobStatus: 'Completed', FinalMetricDataList: metrics.map((m) => ({ ...m, Timestamp: 1_790_000_000 })) });
      }
      default:
        return awsJsonErrorAnswer('UnknownOperationException', `the fake registry does not answer ${operation}`);
    }
  }

  private create(body: Record<string, unknown>): Answer {
    const group = String(body.ModelPackageGroupName);
    if (!this.groups.has(group)) return awsJsonErrorAnswer('ValidationException', `Model Package Group ${group} does not exist.`);
    const token = body.ClientToken as string | undefined;
    if (token !== undefined && !/^[a-zA-Z0-9-]{1,36}$/.test(token)) return awsJsonErrorAnswer('ValidationException', `1 validation error detected: Value '${token}' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-]+$`);
    const metadata = (body.CustomerMetadataProperties ?? {}) as Record<string, string>;
    if (Object.keys(metadata).length > 50) return awsJsonErrorAnswer('ValidationException', "1 validation error detected: Value at 'customerMetadataProperties' failed to satisfy constraint: Member must have length less than or equal to 50");
    for (const [key, value] of Object.entries(metadata)) {
      if (key.length > 128 || value.length > 256 || !METADATA_TEXT.test(key) || !METADATA_TEXT.test(value)) {
        return awsJsonErrorAnswer('ValidationException', `1 validation error detected: Value '${key}' at 'customerMetadataProperties' failed to satisfy constraint`);
      }
    }
    const previous = token ? this.tokens.get(`${group}/${token}`) : undefined;
    if (previous) return ok({ ModelPackageArn: previous });
    const added = this.seed(group, body, String(body.ModelApprovalStatus ?? 'PendingManualApproval'));
    if (token) this.tokens.set(`${group}/${token}`, added.arn);
    return ok({ ModelPackageArn: added.arn });
  }

  private list(body: Record<string, unknown>): Answer {
    const group = String(body.ModelPackageGroupName);
    const all = this.versions.filter((v) => v.group === group).sort((a, b) => (body.SortOrder === 'Descending' ? b.createdAt - a.createdAt : a.createdAt - b.createdAt));
    const start = body.NextToken ? Number(body.NextToken) : 0;
    const size = Math.min(this.pageSize, Number(body.MaxResults ?? 100));
    const page = all.slice(start, start + size);
    return ok({
      ModelPackageSummaryList: page.map((v) => ({ ModelPackageArn: v.arn, ModelPackageGroupName: group, ModelPackageVersion: v.version, ModelPackageDescription: v.request.ModelPackageDescription, ModelApprovalStatus: v.status, ModelPackageStatus: 'Completed', CreationTime: v.createdAt })),
      ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
    });
  }

  private describe(arn: string): Answer {
    const found = this.versions.find((v) => v.arn === arn);
    if (!found) return awsJsonErrorAnswer('ValidationException', `ModelPackage ${arn} does not exist.`);
    const r = found.request;
    return ok({
      ModelPackageName: found.group,
      ModelPackageGroupName: found.group,
      ModelPackageVersion: found.version,
      ModelPackageArn: found.arn,
      ModelPackageDescription: r.ModelPackageDescription,
      CreationTime: found.createdAt,
      InferenceSpecification: r.InferenceSpecification,
      ModelPackageStatus: 'Completed',
      ModelApprovalStatus: found.status,
      MetadataProperties: r.MetadataProperties,
      CustomerMetadataProperties: r.CustomerMetadataProperties,
      ...(found.approvalDescription ? { ApprovalDescription: found.approvalDescription } : {}),
    });
  }

  private update(body: Record<string, unknown>): Answer {
    const found = this.versions.find((v) => v.arn === body.ModelPackageArn);
    if (!found) return awsJsonErrorAnswer('ValidationException', `ModelPackage ${String(body.ModelPackageArn)} does not exist.`);
    const status = String(body.ModelApprovalStatus);
    if (!['Approved', 'Rejected', 'PendingManualApproval'].includes(status)) return awsJsonErrorAnswer('ValidationException', `Value '${status}' at 'modelApprovalStatus' failed to satisfy constraint`);
    found.status = status;
    found.approvalDescription = body.ApprovalDescription as string | undefined;
    return ok({ ModelPackageArn: found.arn });
  }
}
