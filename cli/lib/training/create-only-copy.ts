import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import type { CompletedPart, S3Client } from '@aws-sdk/client-s3';
import { errorName } from '../aws/sdk-failure';

/** S3's smallest part (all but the last), its largest, and the most parts an upload may have. */
export const MIN_PART_BYTES = 5 * 1024 ** 2;
export const MAX_PART_BYTES = 5 * 1024 ** 3;
export const MAX_PARTS = 10_000;
/** the part size a copy uses unless told otherwise (a 20 GB model is 19 parts). */
export const DEFAULT_PART_BYTES = 1024 ** 3;

/** one part of a copy: the inclusive byte range of the source it takes. */
export interface PartRange {
  readonly partNumber: number;
  readonly first: number;
  readonly last: number;
}

/**
 * the parts an object of `size` bytes is copied in: `partBytes` each (raised when the object
 * would need more than 10,000 parts), the last one shorter. An empty object is one empty part.
 */
export function partRanges(size: number, partBytes: number = DEFAULT_PART_BYTES): PartRange[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`object size ${size} is not a whole number of bytes`);
  if (!(partBytes >= MIN_PART_BYTES && partBytes <= MAX_PART_BYTES)) throw new Error(`part size ${partBytes} bytes is outside S3's ${MIN_PART_BYTES} to ${MAX_PART_BYTES} bytes`);
  const bytes = Math.max(partBytes, Math.ceil(size / MAX_PARTS));
  if (bytes > MAX_PART_BYTES) throw new Error(`an object of ${size} bytes needs parts over S3's largest part (${MAX_PART_BYTES} bytes); S3 objects are at most 5 TiB`);
  if (size === 0) return [{ partNumber: 1, first: 0, last: -1 }];
  const parts: PartRange[] = [];
  for (let first = 0, partNumber = 1; first < size; first += bytes, partNumber += 1) {
    parts.push({ partNumber, first, last: Math.min(first + bytes, size) - 1 });
  }
  return parts;
}

/** the object at a create-only key exists already: S3 refused the create (412 Precondition Failed). */
export class KeyExistsError extends Error {
  constructor(readonly uri: string) {
    super(`${uri} exists already: S3 refused to create it again (If-None-Match: *, 412 Precondition Failed); model keys are create-only, so another run published it meanwhile or something planted it. Run the step again: it checks the provenance of what is there and reuses it only when it is ours`);
    this.name = 'KeyExistsError';
  }
}

/** what a create-only copy needs. */
export interface CreateOnlyCopy {
  readonly sourceBucket: string;
  readonly sourceKey: string;
  /** the source's size in bytes (HeadObject ContentLength) */
  readonly size: number;
  readonly bucket: string;
  readonly key: string;
  /** the destination's KMS key */
  readonly kmsKeyArn: string;
  /** the object metadata the copy carries */
  readonly metadata: Readonly<Record<string, string>>;
  readonly contentType: string;
  /**
   * bytes per copied part
   * @default DEFAULT_PART_BYTES
   */
  readonly partBytes?: number;
}

/** the CopySource of an object: its bucket and URI-encoded key. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * copies an object to a key that must not exist yet: a multipart upload whose parts are copied
 * server-side (UploadPartCopy, so objects over CopyObject's 5 GB limit work too) and whose
 * CompleteMultipartUpload carries `If-None-Match: *`. CopyObject is not used: a bucket policy that
 * enforces conditional writes refuses it. The upload is aborted when any part fails; a key that
 * exists throws KeyExistsError.
 */
export async function copyCreateOnly(s3: S3Client, copy: CreateOnlyCopy): Promise<void> {
  const parts = partRanges(copy.size, copy.partBytes);
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: copy.bucket,
      Key: copy.key,
      Metadata: { ...copy.metadata },
      ContentType: copy.contentType,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: copy.kmsKeyArn,
      BucketKeyEnabled: true,
    }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error(`S3 started no multipart upload to s3://${copy.bucket}/${copy.key} (CreateMultipartUpload answered without an UploadId)`);
  try {
    const completed: CompletedPart[] = [];
    for (const part of parts) {
      const answer = await s3.send(
        new UploadPartCopyCommand({
          Bucket: copy.bucket,
          Key: copy.key,
          UploadId: uploadId,
          PartNumber: part.partNumber,
          CopySource: copySource(copy.sourceBucket, copy.sourceKey),
          // a single part is the whole object: no range (an empty object has none)
          CopySourceRange: parts.length > 1 ? `bytes=${part.first}-${part.last}` : undefined,
        }),
      );
      completed.push({ PartNumber: part.partNumber, ETag: answer.CopyPartResult?.ETag });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: copy.bucket,
        Key: copy.key,
        UploadId: uploadId,
        IfNoneMatch: '*',
        MultipartUpload: { Parts: completed },
      }),
    );
  } catch (err) {
    try {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: copy.bucket, Key: copy.key, UploadId: uploadId }));
    } catch {
      // the original failure is what the caller must see; an upload left behind expires (AbortUploads lifecycle rule)
    }
    if (errorName(err) === 'PreconditionFailed') throw new KeyExistsError(`s3://${copy.bucket}/${copy.key}`);
    throw err;
  }
}
