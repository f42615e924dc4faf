import type { IncomingMessage, ServerResponse } from 'node:http';

/** an object the fake S3 holds. */
export interface FakeObject {
  readonly metadata: Readonly<Record<string, string>>;
  readonly size: number;
  readonly contentType?: string;
  readonly kmsKeyId?: string;
}

interface Upload {
  readonly bucket: string;
  readonly key: string;
  readonly object: Omit<FakeObject, 'size'>;
  readonly parts: Map<number, number>;
}

const xml = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
};
const s3Error = (res: ServerResponse, status: number, code: string, message: string) => xml(res, status, `<Error><Code>${code}</Code><Message>${message}</Message></Error>`);

/**
 * a loopback S3 of the models buckets, path-style, with the behaviour the step relies on: HeadObject
 * with user metadata and SSE-KMS headers, multipart uploads whose parts are copied (UploadPartCopy
 * with ranges), CompleteMultipartUpload refusing an existing key under `If-None-Match: *` (412), and
 * the create-only bucket policy on `models/`: CopyObject and a CompleteMultipartUpload without the
 * header are denied (403), as S3 does under a policy that enforces conditional writes.
 */
export class LoopbackS3 {
  /** the objects by `<bucket>/<key>` */
  public readonly objects = new Map<string, FakeObject>();
  private readonly uploads = new Map<string, Upload>();
  private nextUpload = 1;

  /** answers an S3 request; false when it is not one (a SageMaker call). */
  public handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.headers['x-amz-target']) return false;
    const url = new URL(req.url ?? '/', 'http://loopback');
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const id = `${bucket}/${key}`;
    const uploadId = url.searchParams.get('uploadId');
    const copySource = req.headers['x-amz-copy-source'] as string | undefined;
    if (req.method === 'HEAD') return this.head(res, id);
    if (req.method === 'POST' && url.searchParams.has('uploads')) {
      const metadata = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name.startsWith('x-amz-meta-')).map(([name, value]) => [name.slice('x-amz-meta-'.length), String(value)]));
      const upload = `upload-${this.nextUpload++}`;
      this.uploads.set(upload, { bucket, key, parts: new Map(), object: { metadata, contentType: req.headers['content-type'], kmsKeyId: req.headers['x-amz-server-side-encryption-aws-kms-key-id'] as string | undefined } });
      xml(res, 200, `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${upload}</UploadId></InitiateMultipartUploadResult>`);
      return true;
    }
    if (req.method === 'PUT' && uploadId && copySource) {
      const upload = this.uploads.get(uploadId);
      const source = this.objects.get(decodeURIComponent(copySource.replace(/^\//, '')));
      if (!upload || !source) {
        s3Error(res, 404, upload ? 'NoSuchKey' : 'NoSuchUpload', `no ${upload ? `source ${copySource}` : `upload ${uploadId}`}`);
        return true;
      }
      const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers['x-amz-copy-source-range'] ?? ''));
      upload.parts.set(Number(url.searchParams.get('partNumber')), range ? Number(range[2]) - Number(range[1]) + 1 : source.size);
      xml(res, 200, `<CopyPartResult><ETag>"part-${url.searchParams.get('partNumber')}"</ETag><LastModified>2026-11-24T02:00:00.000Z</LastModified></CopyPartResult>`);
      return true;
    }
    if (req.method === 'PUT' && copySource && key.startsWith('models/')) {
      s3Error(res, 403, 'AccessDenied', 'CopyObject into a prefix with enforced conditional writes is denied');
      return true;
    }
    if (req.method === 'POST' && uploadId) return this.complete(req, res, uploadId, id);
    if (req.method === 'DELETE' && uploadId) {
      this.uploads.delete(uploadId);
      res.writeHead(204);
      res.end();
      return true;
    }
    s3Error(res, 400, 'NotImplemented', `the loopback S3 does not answer ${req.method} ${req.url}`);
    return true;
  }

  /** the uploads started and not completed or aborted. */
  public get openUploads(): number {
    return this.uploads.size;
  }

  private head(res: ServerResponse, id: string): boolean {
    const object = this.objects.get(id);
    if (!object) {
      res.writeHead(404);
      res.end();
      return true;
    }
    res.writeHead(200, {
      'content-length': String(object.size),
      ...(object.contentType ? { 'content-type': object.contentType } : {}),
      ...(object.kmsKeyId ? { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': object.kmsKeyId } : { 'x-amz-server-side-encryption': 'AES256' }),
      ...Object.fromEntries(Object.entries(object.metadata).map(([name, value]) => [`x-amz-meta-${name}`, value])),
    });
    res.end();
    return true;
  }

  private complete(req: IncomingMessage, res: ServerResponse, uploadId: string, id: string): boolean {
    const upload = this.uploads.get(uploadId);
    if (!upload) {
      s3Error(res, 404, 'NoSuchUpload', `no upload ${uploadId}`);
      return true;
    }
    if (req.headers['if-none-match'] !== '*' && upload.key.startsWith('models/')) {
      s3Error(res, 403, 'AccessDenied', 'the bucket policy denies writes to models/ without If-None-Match');
      return true;
    }
    if (this.objects.has(id)) {
      s3Error(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
      return true;
    }
    this.objects.set(id, { ...upload.object, size: [...upload.parts.values()].reduce((a, b) => a + b, 0) });
    this.uploads.delete(uploadId);
    xml(res, 200, `<CompleteMultipartUploadResult><Bucket>${upload.bucket}</Bucket><Key>${upload.key}</Key><ETag>"done-${upload.parts.size}"</ETag></CompleteMultipartUploadResult>`);
    return true;
  }
}
