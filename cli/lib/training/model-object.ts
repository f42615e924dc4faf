import { CopyObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { errorName } from '../aws/sdk-failure';

/** what the metadata of a published model says about where it came from. */
export interface ModelProvenance {
  readonly trainingJob: string | undefined;
  readonly commit: string | undefined;
  readonly metric: string | undefined;
  readonly lastModified: Date | undefined;
}

/** the model at a key, or undefined when there is none yet. */
export async function findModel(s3: S3Client, bucket: string, key: string): Promise<ModelProvenance | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const meta = head.Metadata ?? {};
    return {
      trainingJob: meta['training-job'],
      commit: meta.commit,
      metric: meta['metric-name'] ? `${meta['metric-name']}=${meta['metric-value'] ?? '?'}` : undefined,
      lastModified: head.LastModified,
    };
  } catch (err) {
    if (['NotFound', 'NoSuchKey'].includes(errorName(err))) return undefined;
    throw err;
  }
}

/** `s3://bucket/key` split. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new Error(`"${uri}" is not an S3 URI of an object (s3://<bucket>/<key>)`);
  return { bucket: match[1], key: match[2] };
}

/** what publishing a model copies and records. */
export interface PublishModel {
  /** the job's output, `s3://<models bucket>/jobs/<job>/output/model.tar.gz` */
  readonly sourceUri: string;
  /** the models bucket */
  readonly bucket: string;
  /** the content-addressed key */
  readonly key: string;
  /** the key to encrypt the copy with */
  readonly kmsKeyArn: string;
  /** recorded as object metadata: training-job, metric-name, metric-value, commit, identity */
  readonly metadata: Readonly<Record<string, string>>;
}

/** the CopySource of an object: its bucket and URI-encoded key. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** copies a job's model to its content-addressed key, encrypted, with its provenance as metadata. */
export async function publishModel(s3: S3Client, publish: PublishModel): Promise<void> {
  const source = parseS3Uri(publish.sourceUri);
  await s3.send(
    new CopyObjectCommand({
      Bucket: publish.bucket,
      Key: publish.key,
      CopySource: copySource(source.bucket, source.key),
      MetadataDirective: 'REPLACE',
      Metadata: { ...publish.metadata },
      ContentType: 'application/gzip',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: publish.kmsKeyArn,
      BucketKeyEnabled: true,
    }),
  );
}

/** what copying a published model to another models bucket needs. */
export interface CopyModel {
  /** the home models bucket, where the model is published */
  readonly sourceBucket: string;
  /** the model's content-addressed key, the same in both buckets */
  readonly key: string;
  /** the destination models bucket (another region) */
  readonly bucket: string;
  /** the destination bucket's KMS key */
  readonly kmsKeyArn: string;
}

/**
 * copies a published model to the same key of another models bucket (S3 copies across regions),
 * encrypted with that bucket's key; its metadata (provenance) and content type are kept.
 * Send it with a client of the destination's region.
 */
export async function copyModel(s3: S3Client, copy: CopyModel): Promise<void> {
  await s3.send(
    new CopyObjectCommand({
      Bucket: copy.bucket,
      Key: copy.key,
      CopySource: copySource(copy.sourceBucket, copy.key),
      MetadataDirective: 'COPY',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: copy.kmsKeyArn,
      BucketKeyEnabled: true,
    }),
  );
}
