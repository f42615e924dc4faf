/** the prefix of the models bucket that holds checkpoints, one folder per model key. */
export const CHECKPOINT_PREFIX = 'checkpoints/';

/**
 * where every training attempt of a model checkpoints: `s3://<models bucket>/checkpoints/<identity>/`.
 * Keyed by the model's identity, not by the job, so an attempt after a failed or stopped one starts
 * from that attempt's checkpoints (SageMaker copies the prefix into /opt/ml/checkpoints when a job
 * starts). Attempts of one key never run at once (see startOrAttach), so they never write the
 * prefix together.
 */
export function checkpointUri(bucket: string, identity: string): string {
  return `s3://${bucket}/${CHECKPOINT_PREFIX}${identity}/`;
}
