/** the packs' cross-region replication rules, waived together on buckets whose data needs no replica. */
export const REPLICATION_RULE_IDS = [
  'NIST.800.53.R5-S3BucketReplicationEnabled',
  'HIPAA.Security-S3BucketReplicationEnabled',
  'PCI.DSS.321-S3BucketReplicationEnabled',
] as const;
