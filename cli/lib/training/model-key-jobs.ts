import type { SearchCommandInput, Tag, TrainingJob } from '@aws-sdk/client-sagemaker';
import { modelArtifactKey } from '../../../config/training-identity';
import { JOB_NAME_PATTERN } from './job-name';

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

/**
 * the name of one training attempt of a model: `<prefix>-<identity>-<attempt>` (at most 20 + 1 +
 * 32 + 1 + 9 characters). The name is the same for every run that trains that key at that attempt,
 * so SageMaker, which keeps names unique per account and region (ResourceInUse), lets only one of
 * two racing runs create it.
 */
export function attemptJobName(prefix: string, identity: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1) throw new Error(`training attempt ${attempt} is not a whole number from 1`);
  const name = `${prefix}-${identity}-${attempt}`;
  if (name.length > 63 || !JOB_NAME_PATTERN.test(name)) throw new Error(`training job name "${name}" is not valid (1-63 letters, digits and inner hyphens); shorten project.prefix ("${prefix}")`);
  return name;
}

/** the attempt number of a job name made by attemptJobName for this prefix and identity, else undefined. */
export function attemptOf(name: string | undefined, prefix: string, identity: string): number | undefined {
  const head = `${prefix}-${identity}-`;
  if (!name?.startsWith(head)) return undefined;
  const rest = name.slice(head.length);
  return /^[1-9][0-9]{0,8}$/.test(rest) ? Number(rest) : undefined;
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
