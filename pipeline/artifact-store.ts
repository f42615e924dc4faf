import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { EncryptionKey } from '../stages/constructs/encryption-key';

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

const REPLICATION_RULES = ['NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled'];

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
      reason: 'S3 server access log delivery only supports target buckets encrypted with S3-managed keys (SSE-S3); this bucket receives nothing but access logs and is encrypted with SSE-S3',
    });
    acknowledge(this.accessLogs, {
      ids: REPLICATION_RULES,
      reason: 'access logs are an audit copy of requests to the artifact bucket, kept for a year; they are not data whose loss a replica in a second region would need to cover',
    });

    this.key = new EncryptionKey(this, 'Key', { purpose: 'pipeline artifacts', alias: props.bucketName ? undefined : `${props.namePrefix}/pipeline-artifacts` });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.bucketName ? this.key.key.addAlias(`${props.namePrefix}/pipeline-artifacts`) : this.key.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'artifacts/',
      lifecycleRules: [{ expiration: retention, noncurrentVersionExpiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.bucket, {
      ids: REPLICATION_RULES,
      reason: `pipeline artifacts are build outputs that every execution recreates from the commit and are deleted after ${retention.toDays()} days; a replica in another region would hold nothing that cannot be rebuilt`,
    });
  }
}
