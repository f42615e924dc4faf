import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { MODELS_PREFIX } from '../config/training-identity';
import { EncryptionKey } from './constructs/encryption-key';
import type { ModelReader } from './constructs/model-readers';
import { grantModelRead } from './constructs/model-readers';
import { TrainingExecutionRole } from './constructs/training-execution-role';
import { defineAccessLogBucket } from './constructs/access-log-bucket';
import { REPLICATION_RULE_IDS } from '../compliance/rule-ids';

/** where training jobs write in the models bucket, before the model is copied to its content address. */
export const JOBS_PREFIX = 'jobs/';
/** where training jobs checkpoint, one folder per run. */
export const CHECKPOINTS_PREFIX = 'checkpoints/';

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
  /**
   * how long checkpoints and raw job outputs are kept (the model itself is kept in `models/`)
   * @default Duration.days(30)
   */
  readonly scratchRetention?: Duration;
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

  constructor(scope: Construct, id: string, props: ModelStoreStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const scratchRetention = props.scratchRetention ?? Duration.days(30);

    this.key = new EncryptionKey(this, 'ModelKey', { purpose: 'training data, models and training volumes', alias: `${props.namePrefix}/models` });

    this.accessLogsBucket = defineAccessLogBucket(this, 'AccessLogs', 'the training-data and models buckets');

    const common: s3.BucketProps = {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.trainingDataBucket = new s3.Bucket(this, 'TrainingData', {
      ...common,
      bucketName: props.trainingDataBucketName,
      serverAccessLogsPrefix: 'training-data/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    acknowledge(this.trainingDataBucket, {
      ids: REPLICATION_RULE_IDS,
      reason: 'training data is uploaded by the data owners from their own source of record, and every version the config declares stays retrievable through bucket versioning; a cross-region replica would duplicate that source',
    });

    this.modelsBucket = new s3.Bucket(this, 'Models', {
      ...common,
      bucketName: props.modelsBucketName,
      serverAccessLogsPrefix: 'models/',
      lifecycleRules: [
        { id: 'ExpireCheckpoints', prefix: CHECKPOINTS_PREFIX, expiration: scratchRetention, noncurrentVersionExpiration: Duration.days(1) },
        { id: 'ExpireJobOutputs', prefix: JOBS_PREFIX, expiration: scratchRetention, noncurrentVersionExpiration: Duration.days(1) },
        { id: 'ExpireOldModelVersions', prefix: MODELS_PREFIX, noncurrentVersionExpiration: Duration.days(90) },
        { id: 'AbortUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
    acknowledge(this.modelsBucket, {
      ids: REPLICATION_RULE_IDS,
      reason: 'every model is content-addressed and reproducible: the commit that declared it retrains it into the same key from the versioned training data, so a cross-region replica would hold nothing that cannot be rebuilt',
    });
    grantModelRead({ bucket: this.modelsBucket, key: this.key.key, readers: props.readers, region: this.region });

    this.trainingRole = new TrainingExecutionRole(this, 'TrainingRole', {
      roleName: TrainingExecutionRole.roleNameFor(props.namePrefix),
      modelsBucket: this.modelsBucket,
      trainingDataBucket: this.trainingDataBucket,
      key: this.key.key,
      writablePrefixes: [JOBS_PREFIX, CHECKPOINTS_PREFIX],
    });

    new CfnOutput(this, 'ModelsBucketName', { value: this.modelsBucket.bucketName, description: 'the models bucket' });
    new CfnOutput(this, 'TrainingDataBucketName', { value: this.trainingDataBucket.bucketName, description: 'the training-data bucket' });
    new CfnOutput(this, 'TrainingRoleArn', { value: this.trainingRole.role.roleArn, description: 'the SageMaker training execution role' });
    new CfnOutput(this, 'ModelKeyArn', { value: this.key.key.keyArn, description: 'the KMS key of models, training data and training volumes' });
  }
}
