import type { Channel, CreateTrainingJobCommandInput, TrainingInstanceType } from '@aws-sdk/client-sagemaker';
import type { TrainingConfig } from '../../../config';
import { effectiveMaxWaitSeconds, hasInstanceStorage } from '../../../config/training-schema';
import { METRIC_DEFINITIONS } from '../../../containers/training/src/metric-definitions';
import { checkpointUri } from './model-checkpoints';
import { modelTags } from './model-key-jobs';
import type { CatalogueEntry } from '../../../config/model-definition';
import { frameworkJobParts } from './framework-request';
import type { FrameworkJobParts } from './framework-request';
import type { TrainingTarget } from './step-environment';

/** the prefixes of the models bucket a job writes (the model store's lifecycle rules expire them). */
export const JOB_OUTPUT_PREFIX = 'jobs/';
export { CHECKPOINT_PREFIX } from './model-checkpoints';

/** everything one training run is made of. */
export interface TrainingPlan {
  /** the training settings */
  readonly training: TrainingConfig;
  /** the deployed names */
  readonly target: TrainingTarget;
  /** the job's unique name */
  readonly jobName: string;
  /** the training identity (the model's content address) */
  readonly identity: string;
  /** the project prefix (tags) */
  readonly projectPrefix: string;
  /**
   * the model's catalogue entry: its name (tag mlpipe:model) and, for a framework model, its framework image
   * @default - the sample container: the Train stage's image (target.imageUri)
   */
  readonly entry?: Pick<CatalogueEntry, 'name' | 'trainingImageUri'>;
}

/** the image, hyperparameters, metric definitions and extra channels of a run: the sample container's or a framework's. */
function algorithmOf(plan: TrainingPlan): FrameworkJobParts {
  const { training, target, jobName } = plan;
  if (training.framework === undefined) {
    const definitions = metricDefinitionsOf(training);
    if (!definitions.some((d) => d.Name === training.metric.name)) {
      throw new Error(`training.metric.name "${training.metric.name}" is not a metric the container prints (${definitions.map((d) => d.Name).join(', ')}); gate on one of those or add training.metricDefinitions`);
    }
    const hyperparameters = { ...training.hyperparameters, checkpoint_every_epochs: String(training.checkpointEveryEpochs) };
    return { trainingImage: target.imageUri, hyperparameters, metricDefinitions: definitions, channels: [] };
  }
  const imageUri = plan.entry?.trainingImageUri;
  if (plan.entry === undefined || imageUri === undefined) throw new Error(`the ${training.framework.name} model's catalogue entry (with its framework image) was not passed; pass entry from catalogueEntries()`);
  return frameworkJobParts({ training, trainingImageUri: imageUri, modelName: plan.entry.name, jobName, sourceArchives: target.sourceArchives });
}

/** the metric definitions of the job: the config's (bring-your-own container) or the training container's. */
export function metricDefinitionsOf(training: TrainingConfig): { Name: string; Regex: string }[] {
  if (training.metricDefinitions) return training.metricDefinitions.map((d) => ({ Name: d.name, Regex: d.regex }));
  return METRIC_DEFINITIONS.map((d) => ({ Name: d.Name, Regex: d.Regex }));
}

/**
 * the CreateTrainingJob request of a run: managed spot with max runtime and max wait, a per-key
 * checkpoint prefix, VPC config on private subnets, network isolation, KMS for the output and the
 * volumes (not on instance-store types, which SageMaker rejects), a retry strategy and the
 * metric definitions the gate reads.
 */
export function trainingJobRequest(plan: TrainingPlan): CreateTrainingJobCommandInput {
  const { training, target, jobName } = plan;
  const algorithm = algorithmOf(plan);
  const maxWait = effectiveMaxWaitSeconds(training);
  return {
    TrainingJobName: jobName,
    RoleArn: target.roleArn,
    AlgorithmSpecification: {
      TrainingImage: algorithm.trainingImage,
      TrainingInputMode: training.inputMode,
      ...(algorithm.metricDefinitions ? { MetricDefinitions: algorithm.metricDefinitions } : {}),
      EnableSageMakerMetricsTimeSeries: true,
    },
    HyperParameters: algorithm.hyperparameters,
    InputDataConfig: [...Object.entries(training.channels).map(([name, channel]): Channel => ({
      ChannelName: name,
      DataSource: {
        S3DataSource: {
          S3DataType: 'S3Prefix',
          S3Uri: `s3://${target.trainingDataBucket}/${channel.prefix}`,
          S3DataDistributionType: channel.distribution,
        },
      },
      ContentType: channel.contentType,
      CompressionType: 'None',
      RecordWrapperType: 'None',
    })), ...algorithm.channels],
    OutputDataConfig: { S3OutputPath: `s3://${target.modelsBucket}/${JOB_OUTPUT_PREFIX}`, KmsKeyId: target.kmsKeyArn },
    ResourceConfig: {
      InstanceType: training.instanceType as TrainingInstanceType,
      InstanceCount: training.instanceCount,
      VolumeSizeInGB: training.volumeSizeGb,
      ...(hasInstanceStorage(training.instanceType) ? {} : { VolumeKmsKeyId: target.kmsKeyArn }),
    },
    StoppingCondition: {
      MaxRuntimeInSeconds: training.maxRuntimeSeconds,
      ...(maxWait === undefined ? {} : { MaxWaitTimeInSeconds: maxWait }),
    },
    EnableManagedSpotTraining: training.spot,
    CheckpointConfig: { S3Uri: checkpointUri(target.modelsBucket, plan.identity), LocalPath: '/opt/ml/checkpoints' },
    VpcConfig: { SecurityGroupIds: [target.securityGroupId], Subnets: [...target.subnetIds] },
    EnableNetworkIsolation: true,
    EnableInterContainerTrafficEncryption: training.instanceCount > 1,
    RetryStrategy: { MaximumRetryAttempts: training.retries },
    Tags: [
      { Key: 'mlpipe:project', Value: plan.projectPrefix },
      { Key: 'mlpipe:model-identity', Value: plan.identity },
      ...modelTags(plan.identity, plan.entry?.name),
      ...(target.commit ? [{ Key: 'mlpipe:commit', Value: target.commit }] : []),
    ],
  };
}
