import type { SearchCommandInput, Tag, TrainingJob } from '@aws-sdk/client-sagemaker';
import { modelArtifactKey } from '../../../config/training-identity';

/** the tag every training job carries with the content-addressed key of the model it trains. */
export const MODEL_KEY_TAG = 'mlpipe:model-key';
/** the tag with the name of the model in the catalogue (the first model of that key). */
export const MODEL_NAME_TAG = 'mlpipe:model';

/** how many of a key's jobs the tag query reads, newest first (only one of them runs at a time). */
export const TAG_QUERY_MAX_RESULTS = 10;

/** statuses of a job that may still train or write checkpoints. */
const LIVE = new Set(['InProgress', 'Stopping']);

/** whether a job may still train or write checkpoints (InProgress or Stopping). */
export function isLive(status: string | undefined): boolean {
  return LIVE.has(status ?? '');
}

/** the tags that tie a job to its model: the model key, and the model's name when known. */
export function modelTags(identity: string, modelName: string | undefined): Tag[] {
  return [{ Key: MODEL_KEY_TAG, Value: modelArtifactKey(identity) }, ...(modelName ? [{ Key: MODEL_NAME_TAG, Value: modelName }] : [])];
}

/**
 * the tag query: SageMaker's Search on the TrainingJob resource, filtered by the model-key tag
 * (`Tags.<key>` Equals), newest first. Each record carries TrainingJobStatus, which tells whether
 * a job is live (to attach to) or ended (whose checkpoints the next attempt resumes from).
 */
export function jobsForKeyQuery(modelKey: string): SearchCommandInput {
  return {
    Resource: 'TrainingJob',
    SearchExpression: { Filters: [{ Name: `Tags.${MODEL_KEY_TAG}`, Operator: 'Equals', Value: modelKey }] },
    SortBy: 'CreationTime',
    SortOrder: 'Descending',
    MaxResults: TAG_QUERY_MAX_RESULTS,
  };
}

/** how many times spot capacity was reclaimed during a job (its Interrupted transitions). */
export function interruptionsOf(job: Pick<TrainingJob, 'SecondaryStatusTransitions'>): number {
  return (job.SecondaryStatusTransitions ?? []).filter((t) => t.Status === 'Interrupted').length;
}
