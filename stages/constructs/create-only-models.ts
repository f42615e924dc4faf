import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { MODELS_PREFIX } from '../../config/training-identity';

/**
 * every action that creates or changes an object or its attributes under `models/`: only the
 * TrainModel role may send them, and its PutObject only as a conditional create.
 */
export const MODEL_WRITE_ACTIONS = [
  's3:PutObject',
  's3:PutObjectAcl',
  's3:PutObjectVersionAcl',
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:ReplicateObject',
  's3:ReplicateTags',
  's3:ReplicateDelete',
  's3:RestoreObject',
] as const;

/** the actions that delete a model version or its tags: denied to everyone. */
export const MODEL_DELETE_ACTIONS = ['s3:DeleteObject*'] as const;

/** props of enforceCreateOnlyModels. */
export interface CreateOnlyModelsProps {
  /** the models bucket */
  readonly bucket: s3.Bucket;
  /** the one role that may write model keys (the pipeline's TrainModel role, see trainModelRoleArn) */
  readonly writerRoleArn: string;
}

/**
 * makes `models/` of a models bucket create-only with three bucket-policy denies, which no
 * identity policy can override: writes by any principal other than the TrainModel role; a
 * PutObject or CompleteMultipartUpload without `If-None-Match` (so an existing key is never
 * overwritten: S3 answers 412; CreateMultipartUpload, UploadPart and UploadPartCopy take no
 * conditional header and are exempt through `s3:ObjectCreationOperation`); and every delete of
 * an object or version. CopyObject into `models/` therefore fails: publish with a multipart copy.
 */
export function enforceCreateOnlyModels(props: CreateOnlyModelsProps): void {
  const models = props.bucket.arnForObjects(`${MODELS_PREFIX}*`);
  const anyone = [new iam.AnyPrincipal()];
  props.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyModelWritesByOthers',
      effect: iam.Effect.DENY,
      principals: anyone,
      actions: [...MODEL_WRITE_ACTIONS],
      resources: [models],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': props.writerRoleArn } },
    }),
  );
  props.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyModelOverwrites',
      effect: iam.Effect.DENY,
      principals: anyone,
      actions: ['s3:PutObject'],
      resources: [models],
      conditions: { Null: { 's3:if-none-match': 'true' }, Bool: { 's3:ObjectCreationOperation': 'true' } },
    }),
  );
  props.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyModelDeletes',
      effect: iam.Effect.DENY,
      principals: anyone,
      actions: [...MODEL_DELETE_ACTIONS],
      resources: [models],
    }),
  );
}
