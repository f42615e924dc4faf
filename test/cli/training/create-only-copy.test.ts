import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, S3Client, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { copyCreateOnly, KeyExistsError, MAX_PART_BYTES, MIN_PART_BYTES, partRanges } from '../../../cli/lib/training/create-only-copy';
import { KEY_ARN, serviceError } from './fixtures';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });
const GiB = 1024 ** 3;
const copy = { sourceBucket: 'src', sourceKey: 'jobs/j/output/model.tar.gz', bucket: 'dst', key: 'models/abc/model.tar.gz', kmsKeyArn: KEY_ARN, metadata: { identity: 'abc' }, contentType: 'application/gzip' };

beforeEach(() => {
  s3.reset();
  s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
  s3.on(UploadPartCopyCommand).callsFake((input: { PartNumber: number }) => ({ CopyPartResult: { ETag: `"etag-${input.PartNumber}"` } }));
  s3.on(CompleteMultipartUploadCommand).resolves({});
  s3.on(AbortMultipartUploadCommand).resolves({});
});

describe('partRanges', () => {
  it('covers every byte once, in parts of the given size with a shorter last part', () => {
    expect(partRanges(12 * GiB + 5, 5 * GiB)).toEqual([
      { partNumber: 1, first: 0, last: 5 * GiB - 1 },
      { partNumber: 2, first: 5 * GiB, last: 10 * GiB - 1 },
      { partNumber: 3, first: 10 * GiB, last: 12 * GiB + 4 },
    ]);
    expect(partRanges(100)).toEqual([{ partNumber: 1, first: 0, last: 99 }]);
  });

  it('raises the part size so an object never needs more than 10,000 parts', () => {
    const parts = partRanges(4 * 1024 * GiB, MIN_PART_BYTES);
    expect(parts).toHaveLength(10_000);
    expect(parts[parts.length - 1].last).toBe(4 * 1024 * GiB - 1);
  });

  it('fails when the part size is outside what S3 accepts, or the object is over 5 TiB', () => {
    expect(() => partRanges(10, MIN_PART_BYTES - 1)).toThrow(/part size 5242879 bytes is outside S3's 5242880 to 5368709120 bytes/);
    expect(() => partRanges(10, MAX_PART_BYTES + 1)).toThrow(/is outside S3's/);
    expect(() => partRanges(MAX_PART_BYTES * 10_001, MAX_PART_BYTES)).toThrow(/needs parts over S3's largest part/);
  });
});

describe('copyCreateOnly', () => {
  it('copies a model over 5 GB in ranged part copies and completes only if the key is new', async () => {
    await copyCreateOnly(client, { ...copy, size: 12 * GiB, partBytes: 5 * GiB });
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(UploadPartCopyCommand).map((c) => [c.args[0].input.PartNumber, c.args[0].input.CopySourceRange, c.args[0].input.CopySource])).toEqual([
      [1, `bytes=0-${5 * GiB - 1}`, 'src/jobs/j/output/model.tar.gz'],
      [2, `bytes=${5 * GiB}-${10 * GiB - 1}`, 'src/jobs/j/output/model.tar.gz'],
      [3, `bytes=${10 * GiB}-${12 * GiB - 1}`, 'src/jobs/j/output/model.tar.gz'],
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input).toEqual({
      Bucket: 'dst',
      Key: 'models/abc/model.tar.gz',
      UploadId: 'u1',
      IfNoneMatch: '*',
      MultipartUpload: { Parts: [1, 2, 3].map((n) => ({ PartNumber: n, ETag: `"etag-${n}"` })) },
    });
  });

  it('fails with the key when S3 refuses the create because the key exists, and aborts the upload', async () => {
    s3.on(CompleteMultipartUploadCommand).rejects(serviceError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412));
    const run = copyCreateOnly(client, { ...copy, size: 10 });
    await expect(run).rejects.toThrow(KeyExistsError);
    await expect(run).rejects.toThrow('s3://dst/models/abc/model.tar.gz exists already');
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'dst', Key: 'models/abc/model.tar.gz', UploadId: 'u1' }]);
  });

  it('fails with the part copy\'s own error when a part fails, and aborts the upload', async () => {
    s3.on(UploadPartCopyCommand).rejects(serviceError('AccessDenied', 'Access Denied', 403));
    s3.on(AbortMultipartUploadCommand).rejects(serviceError('AccessDenied', 'Access Denied', 403));
    await expect(copyCreateOnly(client, { ...copy, size: 10 })).rejects.toThrow('Access Denied');
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
  });
});
