import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { EncryptionKey } from '../stages/constructs/encryption-key';
import { defineAccessLogBucket } from '../stages/constructs/access-log-bucket';
import { REPLICATION_RULE_IDS } from '../compliance/rule-ids';
import { privateBucketProps } from '../stages/constructs/private-bucket-props';

/** props of an ArtifactStore. */
export interface ArtifactStoreProps {
  /** prefix of the key alias */
  readonly namePrefix: string;
  /**
   * how long build artifacts are kept
   * @default Duration.days(90)
   */
  readonly artifactRetention?: Duration;
  /**
   * a physical bucket name, needed when the bucket is a cross-region replication bucket that the
   * pipeline stack in another region refers to; the bucket is then encrypted through the key's
   * alias, since keys have no physical name to refer to across regions
   * @default - a generated name, encrypted with the key itself
   */
  readonly bucketName?: string;
}

/**
 * the pipeline's artifact bucket: private, versioned, TLS-only, encrypted with a rotating customer
 * key that stage accounts are granted through the pipeline, with server access logs to a log bucket.
 */
export class ArtifactStore extends Construct {
  /** the artifact bucket handed to CDK Pipelines */
  public readonly bucket: s3.Bucket;
  /** the key of the artifact bucket */
  public readonly key: EncryptionKey;
  /** where the artifact bucket's server access logs go */
  public readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ArtifactStoreProps) {
    super(scope, id);
    const retention = props.artifactRetention ?? Duration.days(90);

    this.accessLogs = defineAccessLogBucket(this, 'AccessLogs', 'the pipeline artifact bucket');

    this.key = new EncryptionKey(this, 'Key', { purpose: 'pipeline artifacts', alias: props.bucketName ? undefined : `${props.namePrefix}/pipeline-artifacts` });
    const bucketKey = props.bucketName ? this.key.key.addAlias(`${props.namePrefix}/pipeline-artifacts`) : this.key.key;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(bucketKey, this.accessLogs, 'artifacts/'),
      bucketName: props.bucketName,
      lifecycleRules: [{ expiration: retention, noncurrentVersionExpiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    acknowledge(this.bucket, {
      ids: REPLICATION_RULE_IDS,
      reason: `pipeline artifacts are build outputs that every execution recreates from the commit and are deleted after ${retention.toDays()} days; a replica in another region would hold nothing that cannot be rebuilt`,
    });
  }
}
