import type { S3Client } from '@aws-sdk/client-s3';
import { classifySdkFailure, errorMessage } from '../aws/sdk-failure';
import { copyModel, findModel } from './model-object';
import type { ModelProvenance } from './model-object';
import type { ModelExpectation } from './model-provenance';
import { ModelProvenanceError } from './model-provenance';
import type { RegionalModelStore } from './step-environment';
import type { ThrottleRetryOptions } from './throttle-retry';
import { retryThrottled } from './throttle-retry';

/** what happened to the model in one regional models bucket. */
export interface RegionalCopy {
  readonly region: string;
  readonly bucket: string;
  /** `present`: it was there already; `copied`: copied now; `failed`: see `error` */
  readonly outcome: 'present' | 'copied' | 'failed';
  /** why the check or the copy failed */
  readonly error?: string;
}

/** what ensureRegionalCopies needs. */
export interface RegionalCopyRequest {
  /** the home models bucket, which holds the model */
  readonly sourceBucket: string;
  /** the model's content-addressed key */
  readonly key: string;
  /** the regional models buckets the model must be in */
  readonly stores: readonly RegionalModelStore[];
  /** the S3 client of a region */
  readonly s3In: (region: string) => S3Client;
  /** how throttled calls are retried */
  readonly retry: ThrottleRetryOptions;
  /** prints one line */
  readonly log: (line: string) => void;
  /**
   * the home model as findModel saw it: its size and metadata are what the copies carry
   * @default - read from the home bucket with each region's client
   */
  readonly source?: ModelProvenance;
  /**
   * what a copy found in a regional bucket must show to be left there (checked with that bucket's
   * own KMS key); one that is not ours fails its region with what is wrong
   * @default - a copy found there is not checked
   */
  readonly expected?: Omit<ModelExpectation, 'kmsKeyArn'>;
}

/**
 * makes sure the model is at its key in every regional models bucket: copies it from the home
 * bucket where it is missing (a create-only write), leaves it where it is present and ours (see
 * `expected`), and says which per region. Every
 * region is tried; failures are returned (and printed), not thrown.
 */
export async function ensureRegionalCopies(request: RegionalCopyRequest): Promise<RegionalCopy[]> {
  const copies: RegionalCopy[] = [];
  for (const store of request.stores) {
    const s3 = request.s3In(store.region);
    const target = `s3://${store.bucket}/${request.key}`;
    const done = { region: store.region, bucket: store.bucket };
    try {
      const expected = request.expected ? { ...request.expected, kmsKeyArn: store.kmsKeyArn } : undefined;
      if (await retryThrottled(() => findModel(s3, store.bucket, request.key, expected), request.retry)) {
        request.log(`${store.region}: ${target} exists; not copied`);
        copies.push({ ...done, outcome: 'present' });
        continue;
      }
      await retryThrottled(() => copyModel(s3, { sourceBucket: request.sourceBucket, key: request.key, bucket: store.bucket, kmsKeyArn: store.kmsKeyArn, source: request.source }), request.retry);
      request.log(`${store.region}: copied the model to ${target}`);
      copies.push({ ...done, outcome: 'copied' });
    } catch (err) {
      if (err instanceof ModelProvenanceError) {
        request.log(`${store.region}: ${err.message}`);
        copies.push({ ...done, outcome: 'failed', error: err.message });
        continue;
      }
      const error = classifySdkFailure(err, 'S3')?.message ?? errorMessage(err);
      request.log(
        `${store.region}: copying s3://${request.sourceBucket}/${request.key} to ${target} failed: ${error}. ` +
          `The endpoints in ${store.region} read the model from ${store.bucket}: check that the Train stage deployed its regional model store and that the TrainModel role may write there, then retry the TrainModel action (training is skipped, the copy is retried)`,
      );
      copies.push({ ...done, outcome: 'failed', error });
    }
  }
  return copies;
}
