import { Duration, FeatureFlags, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';
import { REPLICATION_RULE_IDS } from '../../compliance/rule-ids';

/**
 * the feature flag (on in cdk.json) under which CDK grants S3 log delivery by a bucket policy
 * (logging.s3.amazonaws.com, conditioned on the source bucket and account) instead of the
 * LogDeliveryWrite ACL, so the log buckets can disable ACLs.
 */
export const LOG_DELIVERY_BY_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';

/**
 * defines a bucket that receives S3 server access logs: private, TLS-only, versioned, ACLs
 * disabled (BucketOwnerEnforced; ObjectWriter-compatible BucketOwnerPreferred only in an app
 * without LOG_DELIVERY_BY_POLICY, which needs the log-delivery ACL), kept for a year. A function rather than a construct, so the bucket keeps the logical id it is given.
 */
export function defineAccessLogBucket(scope: Construct, id: string, purpose: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    // S3 server access logging delivers only to buckets encrypted with S3-managed keys
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: FeatureFlags.of(scope).isEnabled(LOG_DELIVERY_BY_POLICY) ? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED : s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(bucket, {
    ids: ['NIST.800.53.R5-S3DefaultEncryptionKMS', 'HIPAA.Security-S3DefaultEncryptionKMS', 'PCI.DSS.321-S3DefaultEncryptionKMS'],
    reason: `S3 server access log delivery only supports target buckets encrypted with S3-managed keys (SSE-S3); this bucket receives nothing but the access logs of ${purpose} and is encrypted with SSE-S3`,
  });
  acknowledge(bucket, {
    ids: REPLICATION_RULE_IDS,
    reason: `access logs of ${purpose} are an audit copy kept for a year, not data whose loss a replica in a second region would need to cover`,
  });
  return bucket;
}
