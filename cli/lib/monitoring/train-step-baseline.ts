import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AppConfig, ModelConfig } from '../../../config';
import { monitoredStagesOf } from '../../../config/monitored-models';
import { baselineKeys } from '../../../config/baseline-keys';
import type { CatalogueEntry } from '../../../config/model-definition';
import { copyCreateOnly, KeyExistsError } from '../training/create-only-copy';
import { JOB_NAME_PATTERN, MAX_JOB_NAME_LENGTH } from '../training/job-name';
import type { TrainingTarget } from '../training/step-environment';
import type { BaselineJobPlan } from './baseline-job';
import { ensureBaseline, objectExists } from './run-baseline';

/** the channel whose data the baseline describes: the data the model trained on. */
export const BASELINE_CHANNEL = 'train';

/** where a model's baseline is, per region: found there, or published or copied now. */
export interface ModelBaseline {
  /** the folder of the home models bucket, `s3://<bucket>/models/<identity>/baseline/` */
  readonly uri: string;
  /** `exists`: a run before made it (a skipped training reuses it); `published`: the job ran now */
  readonly outcome: 'exists' | 'published';
  /** the baseline job that ran now */
  readonly jobName?: string;
  /** the copies in the regional models buckets of the monitored stages' other regions */
  readonly regions?: readonly { readonly region: string; readonly outcome: 'present' | 'copied' }[];
}

/**
 * the baseline job's name: `<prefix>-baseline-<identity, first 24>-<time in base 36>`, at most 63
 * characters. Unique per attempt (a failed job's name cannot be used again); what is reused is
 * the baseline, found by the model's content address, never the job.
 */
export function baselineJobName(prefix: string, identity: string, now: number): string {
  const name = `${prefix}-baseline-${identity.slice(0, 24)}-${now.toString(36)}`;
  if (name.length > MAX_JOB_NAME_LENGTH || !JOB_NAME_PATTERN.test(name)) throw new Error(`baseline job name "${name}" is not valid (1-63 letters, digits and inner hyphens); shorten project.prefix ("${prefix}")`);
  return name;
}

/** what the Train step makes baselines with. */
export interface TrainStepBaselineProps {
  readonly config: AppConfig;
  readonly target: TrainingTarget;
  readonly sagemaker: SageMakerClient;
  /** the client of the home models bucket's region */
  readonly s3: S3Client;
  /** the S3 client of another region (the regional models buckets) */
  readonly s3In: (region: string) => S3Client;
  readonly sleep: (ms: number) => Promise<void>;
  /** the clock (job names) */
  readonly now: () => number;
  /**
   * the wait between two DescribeProcessingJob calls
   * @default 30000
   */
  readonly pollMs?: number;
}

/**
 * the Train step's baseline of each published (trained or skipped) model that a monitored stage
 * serves (see TrainingDeps.ensureBaseline): ensureBaseline in the home models bucket (a skipped
 * training finds the baseline its model's first run made, so no job runs twice for one model),
 * then a create-only copy of both files to the regional models bucket of each other region a
 * monitored stage serving it deploys to. Undefined for a model no monitored stage serves: a
 * baseline job is a billed processing job, and nothing would read it.
 */
export function trainStepBaseline(props: TrainStepBaselineProps) {
  const { config, target } = props;
  return async (model: ModelConfig, entry: CatalogueEntry, log: (line: string) => void): Promise<ModelBaseline | undefined> => {
    const stages = monitoredStagesOf(config, model.name);
    if (stages.length === 0) return undefined;
    const channel = model.training.channels[BASELINE_CHANNEL];
    if (!channel) {
      throw new Error(
        `model ${model.name} has no "${BASELINE_CHANNEL}" channel, which its data-quality baseline is computed from (stage ${stages[0].name} monitors it); name the channel of its training data "${BASELINE_CHANNEL}" or turn endpoint.monitoring off there`,
      );
    }
    const keys = baselineKeys(entry.key);
    const { monitoring } = stages[0].endpoint;
    const plan: BaselineJobPlan = {
      jobName: baselineJobName(config.project.prefix, entry.identity, props.now()),
      region: config.tooling.region,
      target,
      trainChannelPrefix: channel.prefix,
      keys,
      identity: entry.identity,
      projectPrefix: config.project.prefix,
      instanceType: monitoring.instanceType,
      volumeSizeGb: monitoring.volumeSizeGb,
    };
    const made = await ensureBaseline({ sagemaker: props.sagemaker, s3: props.s3, sleep: props.sleep, log, pollMs: props.pollMs }, plan);
    const regions = new Set(stages.flatMap((s) => s.regions));
    const stores = target.regionalStores.filter((s) => regions.has(s.region));
    const copies: { region: string; outcome: 'present' | 'copied' }[] = [];
    for (const store of stores) {
      const s3 = props.s3In(store.region);
      let copied = false;
      for (const key of [keys.statistics, keys.constraints]) {
        if (await objectExists(s3, store.bucket, key)) continue;
        const head = await props.s3.send(new HeadObjectCommand({ Bucket: target.modelsBucket, Key: key }));
        try {
          await copyCreateOnly(s3, { sourceBucket: target.modelsBucket, sourceKey: key, size: head.ContentLength ?? 0, bucket: store.bucket, key, kmsKeyArn: store.kmsKeyArn, metadata: { identity: entry.identity }, contentType: 'application/json' });
          copied = true;
        } catch (err) {
          if (!(err instanceof KeyExistsError)) throw err;
        }
      }
      log(`${store.region}: baseline ${copied ? 'copied to' : 'exists in'} s3://${store.bucket}/${keys.prefix}`);
      copies.push({ region: store.region, outcome: copied ? 'copied' : 'present' });
    }
    return {
      uri: `s3://${target.modelsBucket}/${keys.prefix}`,
      outcome: made.outcome,
      ...(made.outcome === 'published' ? { jobName: made.jobName } : {}),
      ...(copies.length ? { regions: copies } : {}),
    };
  };
}
