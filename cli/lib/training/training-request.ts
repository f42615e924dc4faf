import type { CreateTrainingJobCommandInput, TrainingInstanceType } from '@aws-sdk/client-sagemaker';
import type { TrainingConfig } from '../../../config';
import { effectiveMaxWaitSeconds, hasInstanceStorage } from '../../../config/training-schema';
import { METRIC_DEFINITIONS } from '../../../containers/training/src/metric-definitions';
import { checkpointUri } from './model-checkpoints';
import { modelTags } from './model-key-jobs';
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
   * the model's name in the catalogue (tag mlpipe:model)
   * @default - no model-name tag
   */
  readonly modelName?: string;
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
  const definitions = metricDefinitionsOf(training);
  if (!definitions.some((d) => d.Name === training.metric.name)) {
    throw new Error(`training.metric.name "${training.metric.name}" is not a metric the container prints (${definitions.map((d) => d.Name).join(', ')}); gate on one of those or add training.metricDefinitions`);
  }
  const maxWait = effectiveMaxWaitSeconds(training);
  return {
    TrainingJobName: jobName,
    RoleArn: target.roleArn,
    AlgorithmSpecification: {
      TrainingImage: target.imageUri,
      TrainingInputMode: training.inputMode,
      MetricDefinitions: definitions,
      EnableSageMakerMetricsTimeSeries: true,
    },
    HyperParameters: { ...training.hyperparameters, checkpoint_every_epochs: String(training.checkpointEveryEpochs) },
    InputDataConfig: Object.entries(training.channels).map(([name, channel]) => ({
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
    })),
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
      ...modelTags(plan.identity, plan.modelName),
      ...(target.commit ? [{ Key: 'mlpipe:commit', Value: target.commit }] : []),
    ],
  };
}
