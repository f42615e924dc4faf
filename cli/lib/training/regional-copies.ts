import type { S3Client } from '@aws-sdk/client-s3';
import { classifySdkFailure, errorMessage } from '../aws/sdk-failure';
import { copyModel, findModel } from './model-object';
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
}

/**
 * makes sure the model is at its key in every regional models bucket: copies it from the home
 * bucket where it is missing, leaves it where it is present, and says which per region. Every
 * region is tried; failures are returned (and printed), not thrown.
 */
export async function ensureRegionalCopies(request: RegionalCopyRequest): Promise<RegionalCopy[]> {
  const copies: RegionalCopy[] = [];
  for (const store of request.stores) {
    const s3 = request.s3In(store.region);
    const target = `s3://${store.bucket}/${request.key}`;
    const done = { region: store.region, bucket: store.bucket };
    try {
      if (await retryThrottled(() => findModel(s3, store.bucket, request.key), request.retry)) {
        request.log(`${store.region}: ${target} exists; not copied`);
        copies.push({ ...done, outcome: 'present' });
        continue;
      }
      await retryThrottled(() => copyModel(s3, { sourceBucket: request.sourceBucket, key: request.key, bucket: store.bucket, kmsKeyArn: store.kmsKeyArn }), request.retry);
      request.log(`${store.region}: copied the model to ${target}`);
      copies.push({ ...done, outcome: 'copied' });
    } catch (err) {
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
