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
  /** the ARN pattern of the roles that may read, e.g. `arn:aws:iam::222222222222:role/mlops-staging-endpoint-*` */
  readonly roleArnPattern: string;
}

/**
 * the endpoint execution roles of a stage: every role of the stage account whose name starts with
 * `<prefix>-<stage>-endpoint-` (the endpoint stack names its SageMaker execution role so).
 */
export function endpointRoleArnPattern(prefix: string, stageName: string, account: string): string {
  return `arn:${Aws.PARTITION}:iam::${account}:role/${prefix}-${stageName.toLowerCase()}-endpoint-*`;
}

/** props of grantModelRead. */
export interface ModelReadGrant {
  /** the models bucket */
  readonly bucket: s3.Bucket;
  /** the key the bucket is encrypted with */
  readonly key: kms.Key;
  /** who may read */
  readonly readers: readonly ModelReader[];
  /** the bucket's region (decrypt is allowed only through S3 there) */
  readonly region: string;
}

/**
 * lets each reader's endpoint roles get `models/*` objects (bucket policy) and decrypt them
 * through S3 in the bucket's region (key policy), nothing else: no listing, no other prefix, no
 * direct KMS use. Cross-account access needs both sides: the reader role's own policy grants the
 * same two actions in the stage account.
 */
export function grantModelRead(grant: ModelReadGrant): void {
  const seen = new Set<string>();
  for (const reader of grant.readers) {
    const sid = `${reader.stageName.replace(/[^A-Za-z0-9]/g, '')}${reader.account}`;
    if (seen.has(sid)) continue;
    seen.add(sid);
    const principal = new iam.AccountPrincipal(reader.account);
    const who = { ArnLike: { 'aws:PrincipalArn': reader.roleArnPattern } };
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
        conditions: { ...who, StringEquals: { 'kms:ViaService': `s3.${grant.region}.amazonaws.com` } },
      }),
    );
  }
}
