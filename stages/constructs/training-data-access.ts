import { Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENDPOINT_ONLY_TAG } from '../../compliance/rules/training-data-endpoint-only';
import { acknowledgeScopedWildcards } from './scoped-wildcards';


/** the S3 actions that read or change data, refused outside the VPC endpoints. */
export const DATA_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectAttributes',
  's3:GetObjectTagging',
  's3:GetObjectVersionTagging',
  's3:PutObject',
  's3:PutObjectTagging',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:RestoreObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:ListBucketMultipartUploads',
] as const;

/** props of TrainingDataAccess. */
export interface TrainingDataAccessProps {
  /** the training-data bucket */
  readonly bucket: s3.Bucket;
  /** its key */
  readonly key: kms.IKey;
  /** the S3 gateway endpoints data may come through: the training network's and the workspace's (when it has its own VPC) */
  readonly endpointIds: readonly string[];
  /** the name of the ingestion role */
  readonly ingestionRoleName: string;
  /**
   * the IAM roles or users that may assume the ingestion role to upload from outside the VPCs
   * @default - no ingestion role: data gets in only through the workspace
   */
  readonly ingestionPrincipals?: readonly string[];
}

/**
 * makes the training-data bucket reachable only through VPC endpoints: a bucket policy statement
 * denies every data action (read, write, list) that does not come through one of the given S3
 * gateway endpoints, except by the named ingestion role, which the data owners assume to upload
 * from their source of record. TLS-only, encryption, versioning and access logs stay as the bucket
 * defines them.
 */
export class TrainingDataAccess extends Construct {
  /**
   * the ingestion role
   * @default - none when no ingestion principals are given
   */
  public readonly ingestionRole?: iam.Role;
  /** the deny statement, as added to the bucket policy */
  public readonly denyStatement: iam.PolicyStatement;

  constructor(scope: Construct, id: string, props: TrainingDataAccessProps) {
    super(scope, id);
    if (props.endpointIds.length === 0) throw new Error(`${this.node.path}: name at least one S3 gateway endpoint the training data may be reached through`);
    const principals = props.ingestionPrincipals ?? [];
    if (principals.length > 0) {
      this.ingestionRole = new iam.Role(this, 'IngestionRole', {
        roleName: props.ingestionRoleName,
        description: 'uploads training data from outside the VPCs (the only principal the training-data bucket accepts without a VPC endpoint)',
        assumedBy: new iam.CompositePrincipal(...principals.map((arn) => new iam.ArnPrincipal(arn))),
      });
      const upload = new iam.PolicyStatement({
        sid: 'UploadTrainingData',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [props.bucket.arnForObjects('*')],
      });
      const list = new iam.PolicyStatement({ sid: 'ListTrainingData', actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn] });
      const encrypt = new iam.PolicyStatement({
        sid: 'EncryptThroughS3',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${props.bucket.stack.region}.amazonaws.com` } },
      });
      const policy = new iam.ManagedPolicy(this, 'IngestionPolicy', {
        description: 'upload new training data (no reads, no deletes: versions stay retrievable)',
        roles: [this.ingestionRole],
        statements: [upload, list, encrypt],
      });
      acknowledgeScopedWildcards(policy, [
        { statement: upload, reason: 'data owners upload new datasets under prefixes chosen per data version (e.g. iris/2026-11-01/train/); the grant is PutObject only, on this one bucket, and versioning keeps every earlier object' },
      ]);
    }
    const exempt = this.ingestionRole ? [this.ingestionRole.roleArn] : [];
    this.denyStatement = new iam.PolicyStatement({
      sid: 'DenyDataAccessOutsideVpcEndpoints',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...DATA_ACTIONS],
      resources: [props.bucket.bucketArn, props.bucket.arnForObjects('*')],
      conditions: {
        StringNotEquals: { 'aws:SourceVpce': [...props.endpointIds] },
        ...(exempt.length > 0 ? { ArnNotEquals: { 'aws:PrincipalArn': exempt } } : {}),
      },
    });
    props.bucket.addToResourcePolicy(this.denyStatement);
    Tags.of(props.bucket).add(ENDPOINT_ONLY_TAG.key, ENDPOINT_ONLY_TAG.value);
  }
}
