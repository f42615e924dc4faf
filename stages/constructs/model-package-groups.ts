import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { modelPackageGroupArn, modelPackageVersionsArn } from '../../config/registry-names';

/** the read actions a stage account gets on a group and its versions (no create, update or delete). */
export const STAGE_READ_ACTIONS = {
  /** on the group itself */
  group: ['sagemaker:DescribeModelPackageGroup'],
  /** on the group's versions (`model-package/<group>/*`) */
  versions: ['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages'],
} as const;

/** one model of the catalogue with its group's name. */
export interface RegisteredModel {
  /** the model's name in the catalogue */
  readonly modelName: string;
  /** its model package group's name (see modelPackageGroupName) */
  readonly groupName: string;
}

/** props of ModelPackageGroups. */
export interface ModelPackageGroupsProps {
  /** the catalogue's models, in catalogue order */
  readonly models: readonly RegisteredModel[];
  /**
   * the stage accounts that may read the groups and their versions (the tooling account itself is
   * left out: its principals are governed by their own IAM policies)
   * @default - none: no resource policy
   */
  readonly readerAccounts?: readonly string[];
  /** the project's name (the groups' descriptions) */
  readonly projectName: string;
}

/**
 * one SageMaker model package group per model of the catalogue: the registry the Train step
 * registers each trained model in as a version. Each group's resource policy names the stage
 * accounts and lets them describe the group and describe and list its versions, nothing more.
 * The groups are retained when the stack is deleted: their versions are the record of what was
 * trained and approved.
 */
export class ModelPackageGroups extends Construct {
  /** the group of each model, by model name */
  public readonly groups: Readonly<Record<string, sagemaker.CfnModelPackageGroup>>;

  constructor(scope: Construct, id: string, props: ModelPackageGroupsProps) {
    super(scope, id);
    const readers = [...new Set(props.readerAccounts ?? [])].sort();
    const groups: Record<string, sagemaker.CfnModelPackageGroup> = {};
    props.models.forEach((model, index) => {
      // ids by position in the catalogue would move when a model is inserted: the model name is the stable id
      const group = new sagemaker.CfnModelPackageGroup(this, `Group-${model.modelName}`, {
        modelPackageGroupName: model.groupName,
        modelPackageGroupDescription: `${props.projectName}: versions of model ${model.modelName} (catalogue entry ${index + 1}), registered by the Train step`,
        modelPackageGroupPolicy: readers.length > 0 ? groupPolicy(model.groupName, readers) : undefined,
      });
      group.applyRemovalPolicy(RemovalPolicy.RETAIN);
      groups[model.modelName] = group;
    });
    this.groups = groups;
  }
}

/** the resource policy of a group: the stage accounts may read the group and its versions. */
function groupPolicy(groupName: string, accounts: readonly string[]): Record<string, unknown> {
  const principal = { AWS: accounts.map((account) => `arn:${Aws.PARTITION}:iam::${account}:root`) };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'StageAccountsDescribeGroup',
        Effect: 'Allow',
        Principal: principal,
        Action: [...STAGE_READ_ACTIONS.group],
        Resource: modelPackageGroupArn(Aws.PARTITION, Aws.REGION, Aws.ACCOUNT_ID, groupName),
      },
      {
        Sid: 'StageAccountsReadVersions',
        Effect: 'Allow',
        Principal: principal,
        Action: [...STAGE_READ_ACTIONS.versions],
        Resource: modelPackageVersionsArn(Aws.PARTITION, Aws.REGION, Aws.ACCOUNT_ID, groupName),
      },
    ],
  };
}
