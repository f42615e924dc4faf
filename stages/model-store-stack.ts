import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { EncryptionKey } from './constructs/encryption-key';
import type { ModelReader } from './constructs/model-readers';
import { CHECKPOINTS_PREFIX, defineModelsBucket, JOBS_PREFIX } from './constructs/models-bucket';
import { defineSageMakerLogGroup } from './constructs/sagemaker-log-group';
import { PROCESSING_LOG_GROUP } from './constructs/monitoring-execution-role';
import { BASELINE_JOBS_PREFIX } from '../config/baseline-keys';
import { TRAINING_LOG_GROUP, TrainingExecutionRole } from './constructs/training-execution-role';
import { defineAccessLogBucket } from './constructs/access-log-bucket';
import { REPLICATION_RULE_IDS } from '../compliance/rule-ids';
import { privateBucketProps } from './constructs/private-bucket-props';
import { TrainingDataAccess } from './constructs/training-data-access';
import { ModelPackageGroups } from './constructs/model-package-groups';
import type { ModelPackageGroupsProps } from './constructs/model-package-groups';

export { CHECKPOINTS_PREFIX, JOBS_PREFIX } from './constructs/models-bucket';

/** props of a ModelStoreStack. */
export interface ModelStoreStackProps extends StackProps {
  /** prefix of physical names (key alias, role name) */
  readonly namePrefix: string;
  /** the models bucket's name (deterministic, so stage accounts reference it without exports) */
  readonly modelsBucketName: string;
  /** the training-data bucket's name */
  readonly trainingDataBucketName: string;
  /** the stage accounts' endpoint roles that may read models */
  readonly readers: readonly ModelReader[];
  /** the one role that may write model keys, create-only (the pipeline's TrainModel role) */
  readonly modelWriterRoleArn: string;
  /**
   * how long checkpoints and raw job outputs are kept (the model itself is kept in `models/`)
   * @default Duration.days(30)
   */
  readonly scratchRetention?: Duration;
  /**
   * make the training data reachable only through these S3 gateway endpoints (and the ingestion role)
   * @default - the bucket is private and TLS-only, but not limited to VPC endpoints
   */
  readonly trainingDataAccess?: {
    /** the S3 gateway endpoints of the training network and of the workspace */
    readonly endpointIds: readonly string[];
    /** who may assume the ingestion role (none: no ingestion role) */
    readonly ingestionPrincipals: readonly string[];
    /** the ingestion role's name */
    readonly ingestionRoleName: string;
  };
  /**
   * the model registry: one model package group per model of the catalogue, readable by the stage accounts
   * @default - no model package groups
   */
  readonly registry?: ModelPackageGroupsProps;
  /**
   * the monitored models' data-quality baseline jobs run as the training role: it may write their
   * output under `baseline-jobs/`, and the stack creates their log group `/aws/sagemaker/ProcessingJobs`
   * (encrypted, one year)
   * @default false - no stage is monitored
   */
  readonly baselineJobs?: boolean;
}

/**
 * the stateful store of training, in the tooling account: a rotating KMS key, a private
 * training-data bucket and a versioned models bucket (content-addressed models under `models/`,
 * job outputs under `jobs/`, checkpoints under `checkpoints/`), their access-log bucket, and the
 * SageMaker training execution role. Stage accounts' endpoint roles may read `models/*` and
 * decrypt through S3, nothing more.
 */
export class ModelStoreStack extends Stack {
  /** the key of both data buckets and of training volumes */
  public readonly key: EncryptionKey;
  /** content-addressed models, job outputs and checkpoints */
  public readonly modelsBucket: s3.Bucket;
  /** the training data the channels read */
  public readonly trainingDataBucket: s3.Bucket;
  /** server access logs of both buckets */
  public readonly accessLogsBucket: s3.Bucket;
  /** the role training jobs run as */
  public readonly trainingRole: TrainingExecutionRole;
  /**
   * the endpoint-only policy of the training data
   * @default - none unless trainingDataAccess is given
   */
  public readonly trainingDataAccess?: TrainingDataAccess;
  /**
   * the model package groups of the catalogue
   * @default - none unless registry is given
   */
  public readonly registry?: ModelPackageGroups;

  constructor(scope: Construct, id: string, props: ModelStoreStackProps) {
    super(scope, id, { terminationProtection: true, ...props });

    this.key = new EncryptionKey(this, 'ModelKey', {
      purpose: 'training data, models, training volumes and training logs',
      alias: `${props.namePrefix}/models`,
      servicePrincipals: [`logs.${this.region}.amazonaws.com`],
    });
    defineSageMakerLogGroup(this, 'TrainingLogs', { logGroupName: TRAINING_LOG_GROUP, key: this.key.key });
    if (props.baselineJobs) defineSageMakerLogGroup(this, 'BaselineJobLogs', { logGroupName: PROCESSING_LOG_GROUP, key: this.key.key });

    this.accessLogsBucket = defineAccessLogBucket(this, 'AccessLogs', 'the training-data and models buckets');

    this.trainingDataBucket = new s3.Bucket(this, 'TrainingData', {
      ...privateBucketProps(this.key.key, this.accessLogsBucket, 'training-data/'),
      bucketName: props.trainingDataBucketName,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    acknowledge(this.trainingDataBucket, {
      ids: REPLICATION_RULE_IDS,
      reason: 'training data is uploaded by the data owners from their own source of record, and every version the config declares stays retrievable through bucket versioning; a cross-region replica would duplicate that source',
    });

    if (props.trainingDataAccess) {
      this.trainingDataAccess = new TrainingDataAccess(this, 'TrainingDataAccess', { bucket: this.trainingDataBucket, key: this.key.key, ...props.trainingDataAccess });
    }

    this.modelsBucket = defineModelsBucket(this, 'Models', {
      bucketName: props.modelsBucketName,
      key: this.key.key,
      accessLogsBucket: this.accessLogsBucket,
      readers: props.readers,
      region: this.region,
      writerRoleArn: props.modelWriterRoleArn,
      scratchRetention: props.scratchRetention,
    });

    this.trainingRole = new TrainingExecutionRole(this, 'TrainingRole', {
      roleName: TrainingExecutionRole.roleNameFor(props.namePrefix),
      modelsBucket: this.modelsBucket,
      trainingDataBucket: this.trainingDataBucket,
      key: this.key.key,
      writablePrefixes: [JOBS_PREFIX, CHECKPOINTS_PREFIX, ...(props.baselineJobs ? [BASELINE_JOBS_PREFIX] : [])],
      logGroups: [TRAINING_LOG_GROUP, ...(props.baselineJobs ? [PROCESSING_LOG_GROUP] : [])],
    });

    if (props.registry) this.registry = new ModelPackageGroups(this, 'ModelRegistry', props.registry);

    new CfnOutput(this, 'ModelsBucketName', { value: this.modelsBucket.bucketName, description: 'the models bucket' });
    new CfnOutput(this, 'TrainingDataBucketName', { value: this.trainingDataBucket.bucketName, description: 'the training-data bucket' });
    new CfnOutput(this, 'TrainingRoleArn', { value: this.trainingRole.role.roleArn, description: 'the SageMaker training execution role' });
    new CfnOutput(this, 'ModelKeyArn', { value: this.key.key.keyArn, description: 'the KMS key of models, training data and training volumes' });
  }
}
