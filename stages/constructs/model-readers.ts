import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { MODELS_PREFIX } from '../../config/training-identity';

/** a stage account whose endpoint roles read models from the tooling account. */
export interface ModelReader {
  /** the stage name, e.g. `Staging` (names the policy statements) */
  readonly stageName: string;
  /** the stage's account id */
  readonly account: string;
  /** the ARN of the one role that may read, e.g. `arn:aws:iam::222222222222:role/mlops-staging-endpoint-model` */
  readonly roleArn: string;
}

/** the name the endpoint stack gives its SageMaker execution role, e.g. `mlops-staging-endpoint-model`. */
export function endpointRoleName(prefix: string, stageName: string): string {
  return `${prefix}-${stageName.toLowerCase()}-endpoint-model`;
}

/** the ARN of a stage's endpoint execution role (see endpointRoleName). */
export function endpointRoleArn(prefix: string, stageName: string, account: string): string {
  return `arn:${Aws.PARTITION}:iam::${account}:role/${endpointRoleName(prefix, stageName)}`;
}

/** props of grantModelRead. */
export interface ModelReadGrant {
  /** the models bucket */
  readonly bucket: s3.Bucket;
  /** its physical name (the key policy names the bucket without a reference, which would be circular) */
  readonly bucketName: string;
  /** the key the bucket is encrypted with */
  readonly key: kms.Key;
  /** who may read */
  readonly readers: readonly ModelReader[];
  /** the bucket's region (decrypt is allowed only through S3 there) */
  readonly region: string;
}

/**
 * lets each reader's endpoint role (by its exact ARN) get `models/*` objects (bucket policy) and
 * decrypt them through S3 in the bucket's region, for objects of this bucket's `models/` only
 * (key policy, the S3 encryption context), nothing else: no listing, no other prefix, no direct
 * KMS use. Cross-account access needs both sides: the reader role's own policy grants the
 * same two actions in the stage account.
 */
export function grantModelRead(grant: ModelReadGrant): void {
  const seen = new Set<string>();
  const bucketArn = `arn:${Aws.PARTITION}:s3:::${grant.bucketName}`;
  for (const reader of grant.readers) {
    const sid = `${reader.stageName.replace(/[^A-Za-z0-9]/g, '')}${reader.account}`;
    if (seen.has(sid)) continue;
    seen.add(sid);
    const principal = new iam.AccountPrincipal(reader.account);
    const who = { ArnEquals: { 'aws:PrincipalArn': reader.roleArn } };
    grant.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `ReadModels${sid}`,
        principals: [principal],
        actions: ['s3:GetObject'],
        resources: [grant.bucket.arnForObjects(`${MODELS_PREFIX}*`)],
        conditions: who,
      }),
    );
    grant.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `DecryptModels${sid}`,
        principals: [principal],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          ...who,
          StringEquals: { 'kms:ViaService': `s3.${grant.region}.amazonaws.com` },
          // with S3 bucket keys the context is the bucket's ARN; without, the object's
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/${MODELS_PREFIX}*`] },
        },
      }),
    );
  }
}
