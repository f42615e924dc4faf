import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';

/** props of a DataCaptureBucket. */
export interface DataCaptureBucketProps {
  /** the key captured objects are encrypted with */
  readonly key: kms.IKey;
  /** days before captured objects expire */
  readonly retentionDays: number;
}

const REPLICATION_RULES = ['NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled'];

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
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // S3 server access logging delivers only to buckets encrypted with S3-managed keys
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.accessLogs, {
      ids: ['NIST.800.53.R5-S3DefaultEncryptionKMS', 'HIPAA.Security-S3DefaultEncryptionKMS', 'PCI.DSS.321-S3DefaultEncryptionKMS'],
      reason: 'S3 server access log delivery only supports target buckets encrypted with S3-managed keys (SSE-S3); this bucket receives nothing but access logs of the capture bucket and is encrypted with SSE-S3',
    });
    acknowledge(this.accessLogs, {
      ids: [...REPLICATION_RULES, 'NIST.800.53.R5-S3BucketLoggingEnabled', 'HIPAA.Security-S3BucketLoggingEnabled', 'PCI.DSS.321-S3BucketLoggingEnabled'],
      reason: 'this is the access-log target itself: logging it would recurse, and access logs are an audit copy kept for a year, not data whose loss needs a second region',
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'capture/',
      lifecycleRules: [
        { expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.bucket, {
      ids: REPLICATION_RULES,
      reason: `captured inference payloads are a sample kept for ${props.retentionDays} days for monitoring and debugging; a copy in a second region would double the personal data held without serving recovery of the endpoint`,
    });
  }
}
