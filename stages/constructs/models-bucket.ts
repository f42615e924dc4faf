import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';
import { REPLICATION_RULE_IDS } from '../../compliance/rule-ids';
import { BASELINE_JOBS_PREFIX } from '../../config/baseline-keys';
import { MODELS_PREFIX } from '../../config/training-identity';
import { enforceCreateOnlyModels } from './create-only-models';
import type { ModelReader } from './model-readers';
import { grantModelRead } from './model-readers';
import { privateBucketProps } from './private-bucket-props';

/** where training jobs write in the models bucket, before the model is copied to its content address. */
export const JOBS_PREFIX = 'jobs/';
/** where training jobs checkpoint, one folder per model key (`checkpoints/<identity>/`), shared by its attempts. */
export const CHECKPOINTS_PREFIX = 'checkpoints/';

/** what defineModelsBucket needs. */
export interface ModelsBucketProps {
  /** the bucket's physical name (see modelsBucketName) */
  readonly bucketName: string;
  /** the rotating key the bucket's objects are encrypted with */
  readonly key: kms.Key;
  /** the bucket its server access logs go to (prefix `models/`) */
  readonly accessLogsBucket: s3.IBucket;
  /** the stage accounts' endpoint roles that may read models from this bucket */
  readonly readers: readonly ModelReader[];
  /** the bucket's region (readers may decrypt only through S3 there) */
  readonly region: string;
  /** the one role that may write model keys, create-only (the pipeline's TrainModel role) */
  readonly writerRoleArn: string;
  /**
   * how long checkpoints and raw job outputs are kept (the model itself is kept in `models/`)
   * @default Duration.days(30)
   */
  readonly scratchRetention?: Duration;
}

/**
 * defines a models bucket: versioned, private, TLS-only, encrypted with the given key, logged,
 * with create-only model keys (see enforceCreateOnlyModels), the lifecycle of scratch (expires
 * after `scratchRetention`) and of non-current model versions only (none arise once keys are
 * create-only) and read grants for the readers' endpoint roles. The home model store and the
 * regional model stores define theirs with it. A function rather than a construct, so the bucket
 * keeps the logical id it is given.
 */
export function defineModelsBucket(scope: Construct, id: string, props: ModelsBucketProps): s3.Bucket {
  const scratchRetention = props.scratchRetention ?? Duration.days(30);
  const bucket = new s3.Bucket(scope, id, {
    ...privateBucketProps(props.key, props.accessLogsBucket, 'models/'),
    bucketName: props.bucketName,
    lifecycleRules: [
      { id: 'ExpireCheckpoints', prefix: CHECKPOINTS_PREFIX, expiration: scratchRetention, noncurrentVersionExpiration: Duration.days(1) },
      { id: 'ExpireJobOutputs', prefix: JOBS_PREFIX, expiration: scratchRetention, noncurrentVersionExpiration: Duration.days(1) },
      // baseline jobs' raw output: the train step publishes its two files under models/
      { id: 'ExpireBaselineJobOutputs', prefix: BASELINE_JOBS_PREFIX, expiration: scratchRetention, noncurrentVersionExpiration: Duration.days(1) },
      // the only lifecycle of models/: versions overwritten before keys were create-only
      { id: 'ExpireOldModelVersions', prefix: MODELS_PREFIX, noncurrentVersionExpiration: Duration.days(90) },
      { id: 'AbortUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ],
  });
  acknowledge(bucket, {
    ids: REPLICATION_RULE_IDS,
    reason: 'every model is content-addressed and reproducible: the commit that declared it retrains it into the same key from the versioned training data, so a cross-region replica would hold nothing that cannot be rebuilt',
  });
  enforceCreateOnlyModels({ bucket, writerRoleArn: props.writerRoleArn });
  grantModelRead({ bucket, bucketName: props.bucketName, key: props.key, readers: props.readers, region: props.region });
  return bucket;
}
