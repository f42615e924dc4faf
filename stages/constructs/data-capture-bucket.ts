import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';
import { defineAccessLogBucket } from './access-log-bucket';
import { REPLICATION_RULE_IDS } from '../../compliance/rule-ids';
import { privateBucketProps } from './private-bucket-props';

/** props of a DataCaptureBucket. */
export interface DataCaptureBucketProps {
  /** the key captured objects are encrypted with */
  readonly key: kms.IKey;
  /** days before captured objects expire */
  readonly retentionDays: number;
}

/**
 * where the endpoint's captured requests and responses go: private, TLS-only, versioned, encrypted
 * with the endpoint key, expiring after the retention, with server access logs to a log bucket.
 */
export class DataCaptureBucket extends Construct {
  /** the capture bucket */
  public readonly bucket: s3.Bucket;
  /** the bucket its server access logs go to */
  public readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataCaptureBucketProps) {
    super(scope, id);
    this.accessLogs = defineAccessLogBucket(this, 'AccessLogs', 'the data-capture bucket');

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(props.key, this.accessLogs, 'capture/'),
      lifecycleRules: [
        { expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    acknowledge(this.bucket, {
      ids: REPLICATION_RULE_IDS,
      reason: `captured inference payloads are a sample kept for ${props.retentionDays} days for monitoring and debugging; a copy in a second region would double the personal data held without serving recovery of the endpoint`,
    });
  }
}
