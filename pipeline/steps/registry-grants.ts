import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ScopedWildcard } from '../../stages/constructs/scoped-wildcards';

/** the ARN of every version of the project's model package groups (`model-package/<prefix>-*`). */
export function projectVersionsArn(prefix: string): string {
  return `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:model-package/${prefix}-*`;
}

/** the ARN of the project's model package groups. */
export function projectGroupsArn(prefix: string): string {
  return `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:model-package-group/${prefix}-*`;
}

/**
 * the Train step's grants on the model registry: register versions in the project's groups (with
 * their tags), find the version of a content address (list, describe). Nothing updates or deletes
 * a version: approval is the Prod approval's step.
 */
export function registryStatements(prefix: string): { statements: iam.PolicyStatement[]; wildcards: ScopedWildcard[] } {
  const register = new iam.PolicyStatement({
    sid: 'RegisterModelVersions',
    actions: ['sagemaker:CreateModelPackage', 'sagemaker:AddTags', 'sagemaker:DescribeModelPackage'],
    resources: [projectVersionsArn(prefix), projectGroupsArn(prefix)],
  });
  const list = new iam.PolicyStatement({ sid: 'FindModelVersions', actions: ['sagemaker:ListModelPackages'], resources: ['*'] });
  const scope = `the project's model package groups (named ${prefix}-<model>) and their versions, whose numbers SageMaker assigns`;
  return {
    statements: [register, list],
    wildcards: [
      { statement: register, reason: `${scope}; the step registers a version per trained model and reads it back, it cannot update or delete one` },
      { statement: list, reason: 'sagemaker:ListModelPackages is a read-only list call that supports no resource-level permissions; the step lists its own groups to find the version of a content address' },
    ],
  };
}
