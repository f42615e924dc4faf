import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { errorName } from '../aws/sdk-failure';
import { copyCreateOnly } from './create-only-copy';
import type { FoundModel, ModelExpectation } from './model-provenance';
import { ModelProvenanceError, PROVENANCE_METADATA, provenanceProblems } from './model-provenance';

/** what the metadata of a published model says about where it came from. */
export interface ModelProvenance extends FoundModel {
  readonly trainingJob: string | undefined;
  readonly commit: string | undefined;
  readonly metric: string | undefined;
  readonly lastModified: Date | undefined;
  /** the object's size in bytes */
  readonly size: number;
  readonly contentType: string | undefined;
}

/**
 * the model at a key, or undefined when there is none yet. With `expected`, a model that is there
 * but not ours (see provenanceProblems) throws ModelProvenanceError naming the key and what is wrong.
 */
export async function findModel(s3: S3Client, bucket: string, key: string, expected?: ModelExpectation): Promise<ModelProvenance | undefined> {
  let found: ModelProvenance;
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const meta = head.Metadata ?? {};
    found = {
      trainingJob: meta[PROVENANCE_METADATA.trainingJob],
      commit: meta[PROVENANCE_METADATA.commit],
      metric: meta[PROVENANCE_METADATA.metricName] ? `${meta[PROVENANCE_METADATA.metricName]}=${meta[PROVENANCE_METADATA.metricValue] ?? '?'}` : undefined,
      lastModified: head.LastModified,
      metadata: meta,
      serverSideEncryption: head.ServerSideEncryption,
      kmsKeyId: head.SSEKMSKeyId,
      size: head.ContentLength ?? 0,
      contentType: head.ContentType,
    };
  } catch (err) {
    if (['NotFound', 'NoSuchKey'].includes(errorName(err))) return undefined;
    throw err;
  }
  if (expected) {
    const problems = provenanceProblems(found, expected);
    if (problems.length > 0) throw new ModelProvenanceError(`s3://${bucket}/${key}`, problems);
  }
  return found;
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
  /** recorded as object metadata: training-job, metric-name, metric-value, commit, identity, writer (see PROVENANCE_METADATA) */
  readonly metadata: Readonly<Record<string, string>>;
  /**
   * bytes per copied part
   * @default DEFAULT_PART_BYTES (1 GiB)
   */
  readonly partBytes?: number;
}

/** the size of an object that must exist. */
async function sizeOf(s3: S3Client, bucket: string, key: string): Promise<number> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return head.ContentLength ?? 0;
}

/**
 * copies a job's model to its content-addressed key, encrypted, with its provenance as metadata,
 * as a create-only write (see copyCreateOnly): a key that exists throws KeyExistsError.
 */
export async function publishModel(s3: S3Client, publish: PublishModel): Promise<void> {
  const source = parseS3Uri(publish.sourceUri);
  await copyCreateOnly(s3, {
    sourceBucket: source.bucket,
    sourceKey: source.key,
    size: await sizeOf(s3, source.bucket, source.key),
    bucket: publish.bucket,
    key: publish.key,
    kmsKeyArn: publish.kmsKeyArn,
    metadata: publish.metadata,
    contentType: 'application/gzip',
    partBytes: publish.partBytes,
  });
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
  /**
   * the home model as findModel saw it (its size, metadata and content type are copied)
   * @default - read with a HeadObject on the home bucket through `s3`
   */
  readonly source?: ModelProvenance;
  /**
   * bytes per copied part
   * @default DEFAULT_PART_BYTES (1 GiB)
   */
  readonly partBytes?: number;
}

/**
 * copies a published model to the same key of another models bucket (S3 copies across regions),
 * encrypted with that bucket's key; its metadata (provenance) and content type are kept. A
 * create-only write (see copyCreateOnly): a key that exists throws KeyExistsError.
 * Send it with a client of the destination's region.
 */
export async function copyModel(s3: S3Client, copy: CopyModel): Promise<void> {
  const source = copy.source ?? (await findModel(s3, copy.sourceBucket, copy.key));
  if (!source) throw new Error(`s3://${copy.sourceBucket}/${copy.key} does not exist; publish the model to the home models bucket before copying it to ${copy.bucket}`);
  await copyCreateOnly(s3, {
    sourceBucket: copy.sourceBucket,
    sourceKey: copy.key,
    size: source.size,
    bucket: copy.bucket,
    key: copy.key,
    kmsKeyArn: copy.kmsKeyArn,
    metadata: source.metadata,
    contentType: source.contentType ?? 'application/gzip',
    partBytes: copy.partBytes,
  });
}
