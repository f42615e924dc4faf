/** the metadata a published model carries (x-amz-meta-*), by what it records. */
export const PROVENANCE_METADATA = {
  trainingJob: 'training-job',
  identity: 'identity',
  metricName: 'metric-name',
  metricValue: 'metric-value',
  commit: 'commit',
  writer: 'writer',
} as const;

/** what the object at a model key says about where it came from. */
export interface FoundModel {
  /** the object's user metadata (lowercase names without `x-amz-meta-`) */
  readonly metadata: Readonly<Record<string, string>>;
  /** `aws:kms`, `AES256`, ... (HeadObject ServerSideEncryption) */
  readonly serverSideEncryption: string | undefined;
  /** the KMS key ARN the object is encrypted with (HeadObject SSEKMSKeyId) */
  readonly kmsKeyId: string | undefined;
}

/** what a model found at its key must show before the step reuses (and the stages serve) it. */
export interface ModelExpectation {
  /** the training identity the key is addressed by (`models/<identity>/model.tar.gz`) */
  readonly identity: string;
  /** the one role the models buckets let write model keys: the pipeline's TrainModel role */
  readonly writerRoleArn: string;
  /** the KMS key of the bucket the object is in */
  readonly kmsKeyArn: string;
  /** the prefix of every training job name of the project, e.g. `mlops-` */
  readonly jobPrefix: string;
}

/**
 * what is wrong with the provenance of a model found at its key, one line each; empty when it
 * is ours: metadata naming a training job of the project, the key's identity, a metric and the
 * TrainModel role as writer, and encryption with the bucket's own KMS key.
 */
export function provenanceProblems(found: FoundModel, expected: ModelExpectation): string[] {
  const meta = found.metadata;
  const problems: string[] = [];
  const job = meta[PROVENANCE_METADATA.trainingJob];
  if (!job) problems.push(`it has no ${PROVENANCE_METADATA.trainingJob} metadata (every published model names the job that trained it)`);
  else if (!job.startsWith(expected.jobPrefix)) problems.push(`its ${PROVENANCE_METADATA.trainingJob} metadata "${job}" is not a job of this project (names start with "${expected.jobPrefix}")`);
  const identity = meta[PROVENANCE_METADATA.identity];
  if (identity !== expected.identity) problems.push(`its ${PROVENANCE_METADATA.identity} metadata is ${identity === undefined ? 'missing' : `"${identity}"`}, not the key's identity "${expected.identity}"`);
  if (!meta[PROVENANCE_METADATA.metricName] || meta[PROVENANCE_METADATA.metricValue] === undefined) problems.push(`it records no validation metric (${PROVENANCE_METADATA.metricName}, ${PROVENANCE_METADATA.metricValue})`);
  const writer = meta[PROVENANCE_METADATA.writer];
  if (writer !== expected.writerRoleArn) problems.push(`its ${PROVENANCE_METADATA.writer} is ${writer === undefined ? 'not recorded' : `"${writer}"`}, not the TrainModel role ${expected.writerRoleArn}`);
  if (found.serverSideEncryption !== 'aws:kms' || found.kmsKeyId !== expected.kmsKeyArn) {
    problems.push(`it is encrypted with ${found.kmsKeyId ?? found.serverSideEncryption ?? 'no key'}, not the bucket's model key ${expected.kmsKeyArn}`);
  }
  return problems;
}

/** a model key holds an object that is not ours: the step refuses to reuse it. */
export class ModelProvenanceError extends Error {
  constructor(
    readonly uri: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${uri} exists but was not published by this pipeline, so it is neither reused nor served: ${problems.join('; ')}. ` +
        'Model keys are create-only (the bucket policy denies overwrites and deletes), so the step cannot replace it: find out who wrote it ' +
        `(aws s3api list-object-versions --bucket <bucket> --prefix <key>, and the bucket's CloudTrail data events), then have an administrator remove it, or change a training setting so the model gets a new key`,
    );
    this.name = 'ModelProvenanceError';
  }
}
