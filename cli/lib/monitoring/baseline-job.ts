import type { CreateProcessingJobCommandInput, ProcessingInstanceType } from '@aws-sdk/client-sagemaker';
import type { BaselineKeys } from '../../../config/baseline-keys';
import { BASELINE_JOBS_PREFIX } from '../../../config/baseline-keys';
import { BASELINE_MAX_RUNTIME_SECONDS } from '../../../config/monitored-models';
import { analyzerImageUri } from '../../../config/model-monitor-image';
import type { TrainingTarget } from '../training/step-environment';

/** the prefix of the models bucket baseline jobs write to before the step publishes their files under models/. */
export const BASELINE_JOB_PREFIX = BASELINE_JOBS_PREFIX;

/** where the analyzer reads the baseline data set and writes statistics.json and constraints.json. */
const DATASET_PATH = '/opt/ml/processing/input/baseline_dataset_input';
const OUTPUT_PATH = '/opt/ml/processing/output';

/** one model's baseline job. */
export interface BaselineJobPlan {
  /** the job's unique name (1-63 letters, digits, inner hyphens) */
  readonly jobName: string;
  /** the region the job runs in (picks the analyzer image) */
  readonly region: string;
  /** the deployed names of the training step: role, buckets, key, subnets, security group */
  readonly target: TrainingTarget;
  /** the prefix of the model's train channel in the training-data bucket (its CSV files, label first, no header) */
  readonly trainChannelPrefix: string;
  /** where the baseline is published (baselineKeys of the model key) */
  readonly keys: BaselineKeys;
  /** the model's content address (tag) */
  readonly identity: string;
  /** the project prefix (tag) */
  readonly projectPrefix: string;
  /** the processing instance type and volume (endpoint.monitoring.instanceType, volumeSizeGb) */
  readonly instanceType: string;
  readonly volumeSizeGb: number;
  /**
   * the job's time limit
   * @default BASELINE_MAX_RUNTIME_SECONDS (3600)
   */
  readonly maxRuntimeSeconds?: number;
}

/**
 * the CreateProcessingJob request of a model's data-quality baseline: Model Monitor's analyzer image
 * of the region suggests statistics.json and constraints.json from the model's train channel (CSV
 * without a header, the label first: `output_columns_position: START`, where the analyzer puts an
 * endpoint's answer in captured traffic), the environment the SageMaker Python SDK's
 * DefaultModelMonitor.suggest_baseline sets (dataset_format, dataset_source, output_path,
 * publish_cloudwatch_metrics), output to `baseline-jobs/<job>/` of the models bucket, KMS on the
 * output and the volume, the training VPC with network isolation, as the training execution role.
 */
export function baselineJobRequest(plan: BaselineJobPlan): CreateProcessingJobCommandInput {
  const { target, jobName } = plan;
  return {
    ProcessingJobName: jobName,
    RoleArn: target.roleArn,
    AppSpecification: { ImageUri: analyzerImageUri(plan.region) },
    Environment: {
      dataset_format: JSON.stringify({ csv: { header: false, output_columns_position: 'START' } }),
      dataset_source: DATASET_PATH,
      output_path: OUTPUT_PATH,
      publish_cloudwatch_metrics: 'Disabled',
    },
    ProcessingInputs: [
      {
        InputName: 'baseline_dataset_input',
        S3Input: { S3Uri: `s3://${target.trainingDataBucket}/${plan.trainChannelPrefix}`, LocalPath: DATASET_PATH, S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated' },
      },
    ],
    ProcessingOutputConfig: {
      KmsKeyId: target.kmsKeyArn,
      Outputs: [{ OutputName: 'monitoring_output', S3Output: { S3Uri: `s3://${target.modelsBucket}/${BASELINE_JOB_PREFIX}${jobName}/`, LocalPath: OUTPUT_PATH, S3UploadMode: 'EndOfJob' } }],
    },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: plan.instanceType as ProcessingInstanceType, VolumeSizeInGB: plan.volumeSizeGb, VolumeKmsKeyId: target.kmsKeyArn } },
    StoppingCondition: { MaxRuntimeInSeconds: plan.maxRuntimeSeconds ?? BASELINE_MAX_RUNTIME_SECONDS },
    NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true, VpcConfig: { SecurityGroupIds: [target.securityGroupId], Subnets: [...target.subnetIds] } },
    Tags: [
      { Key: 'mlpipe:project', Value: plan.projectPrefix },
      { Key: 'mlpipe:model-identity', Value: plan.identity },
      { Key: 'mlpipe:baseline-of', Value: plan.keys.prefix },
      ...(target.commit ? [{ Key: 'mlpipe:commit', Value: target.commit }] : []),
    ],
  };
}

/** the objects a finished job wrote, and the keys they are published to (create-only, beside the model). */
export function baselinePublication(plan: Pick<BaselineJobPlan, 'jobName' | 'keys'>): { readonly from: string; readonly to: string }[] {
  const output = `${BASELINE_JOB_PREFIX}${plan.jobName}/`;
  return [
    { from: `${output}statistics.json`, to: plan.keys.statistics },
    { from: `${output}constraints.json`, to: plan.keys.constraints },
  ];
}
