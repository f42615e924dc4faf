import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeScopedWildcards } from './scoped-wildcards';

/** props of a TrainingExecutionRole. */
export interface TrainingExecutionRoleProps {
  /** the role's name (deterministic, so the training stack can attach its image and network policy) */
  readonly roleName: string;
  /** the models bucket: the job writes its output and checkpoints there */
  readonly modelsBucket: s3.IBucket;
  /** the training-data bucket: the channels read it */
  readonly trainingDataBucket: s3.IBucket;
  /** the key of both buckets and of the training volumes */
  readonly key: kms.IKey;
  /** prefixes of the models bucket the job may write, e.g. `jobs/` and `checkpoints/` */
  readonly writablePrefixes: readonly string[];
  /**
   * the CloudWatch Logs groups its jobs write: training jobs', and baseline (processing) jobs' when a stage is monitored
   * @default [TRAINING_LOG_GROUP]
   */
  readonly logGroups?: readonly string[];
}

/** the CloudWatch Logs group SageMaker training jobs log to. */
export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';

/**
 * the role SageMaker training jobs run as, with a customer-managed policy: read the training
 * data, write job outputs and checkpoints (and nothing else) in the models bucket, use the key for
 * those objects and the training volumes, and write the training log group and metrics. Pulling
 * the image and attaching to the VPC are granted by the stack that owns them.
 */
export class TrainingExecutionRole extends Construct {
  /** the role name a name prefix gives, e.g. `mlops-training-execution` */
  public static roleNameFor(prefix: string): string {
    return `${prefix}-training-execution`;
  }

  /** the role */
  public readonly role: iam.Role;
  /** the role's policy */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: TrainingExecutionRoleProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: 'SageMaker training jobs of the pipeline (managed spot, VPC, network isolation)',
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': account } }),
    });

    const readData = new iam.PolicyStatement({ sid: 'ReadTrainingData', actions: ['s3:GetObject'], resources: [props.trainingDataBucket.arnForObjects('*')] });
    const listData = new iam.PolicyStatement({ sid: 'ListTrainingData', actions: ['s3:ListBucket'], resources: [props.trainingDataBucket.bucketArn] });
    const writeOutputs = new iam.PolicyStatement({
      sid: 'WriteOutputsAndCheckpoints',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: props.writablePrefixes.map((p) => props.modelsBucket.arnForObjects(`${p}*`)),
    });
    const listOutputs = new iam.PolicyStatement({
      sid: 'ListCheckpoints',
      actions: ['s3:ListBucket'],
      resources: [props.modelsBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': props.writablePrefixes.map((p) => `${p}*`) } },
    });
    const useKey = new iam.PolicyStatement({
      sid: 'UseModelKey',
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: [props.key.keyArn],
    });
    const volumeGrant = new iam.PolicyStatement({
      sid: 'EncryptTrainingVolumes',
      actions: ['kms:CreateGrant'],
      resources: [props.key.keyArn],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
    const logGroups = (props.logGroups ?? [TRAINING_LOG_GROUP]).map((name) => `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${name}`);
    const writeLogs = new iam.PolicyStatement({
      sid: 'WriteTrainingLogs',
      // the model store creates the groups (encrypted, with a retention): no CreateLogGroup
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: logGroups.flatMap((group) => [group, `${group}:log-stream:*`]),
    });
    // PutMetricData has no resource type; the namespace condition limits it to training metrics
    const putMetrics = new iam.PolicyStatement({
      sid: 'PutTrainingMetrics',
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': TRAINING_LOG_GROUP } },
    });

    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'SageMaker training: read data, write outputs and checkpoints, logs and metrics',
      roles: [this.role],
      statements: [readData, listData, writeOutputs, listOutputs, useKey, volumeGrant, writeLogs, putMetrics],
    });
    acknowledgeScopedWildcards(this.policy, [
      { statement: readData, reason: 'the training channels read any object of the training-data bucket, which holds nothing but training data; the channel prefixes change with every data version, so the bucket is the narrowest stable scope' },
      {
        statement: writeOutputs,
        reason: props.writablePrefixes.includes('baseline-jobs/')
          ? 'training jobs write their output under jobs/<job>/ (one folder per job) and checkpoints under checkpoints/<identity>/ (one folder per model key, shared by its attempts so a retry resumes), baseline jobs their statistics and constraints under baseline-jobs/<job>/; the grant covers only those three prefixes of the models bucket, never models/'
          : 'training jobs write their output under jobs/<job>/ (one folder per job) and checkpoints under checkpoints/<identity>/ (one folder per model key, shared by its attempts so a retry resumes); the grant covers only those two prefixes of the models bucket, never models/',
      },
      {
        statement: writeLogs,
        reason: props.logGroups && props.logGroups.length > 1
          ? `SageMaker names one log stream per job and host (<job>/algo-N-<epoch>); the grant is limited to the ${props.logGroups.join(' and ')} log groups (training and baseline jobs)`
          : 'SageMaker names one log stream per training job and host (<job>/algo-N-<epoch>); the grant is limited to the /aws/sagemaker/TrainingJobs log group',
      },
      { statement: putMetrics, reason: 'cloudwatch:PutMetricData supports no resource type; the cloudwatch:namespace condition limits it to the /aws/sagemaker/TrainingJobs namespace of training metrics' },
    ]);
  }
}
