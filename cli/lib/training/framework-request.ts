import type { Channel } from '@aws-sdk/client-sagemaker';
import type { TrainingConfig } from '../../../config';
import { isScriptMode } from '../../../config/framework-schema';

/** the channel that carries a script-mode model's packed sourceDir (the SageMaker Python SDK's name for it). */
export const CODE_CHANNEL = 'code';

/** where SageMaker puts the code channel in the container. */
const CODE_CHANNEL_DIR = `/opt/ml/input/data/${CODE_CHANNEL}`;

/** the parts of a CreateTrainingJob request a framework model sets. */
export interface FrameworkJobParts {
  /** the AWS framework image */
  readonly trainingImage: string;
  /** the user's hyperparameters and the ones the framework container reads */
  readonly hyperparameters: Record<string, string>;
  /** the regexes of the script's metrics; undefined for the built-in XGBoost algorithm, which emits its own */
  readonly metricDefinitions: { Name: string; Regex: string }[] | undefined;
  /** the code channel in script mode */
  readonly channels: Channel[];
}

/** what a framework job is built from. */
export interface FrameworkJobInput {
  readonly training: TrainingConfig;
  /** the model's framework image in the tooling region (CatalogueEntry.trainingImageUri) */
  readonly trainingImageUri: string;
  /** the model's name (the key of its archive in SOURCE_ARCHIVES) */
  readonly modelName: string;
  /** the job's name (sagemaker_job_name) */
  readonly jobName: string;
  /** `s3://<bucket>/<key>` of each script-mode model's packed sourceDir, by model name (the Train stage's SourceArchives output) */
  readonly sourceArchives: Readonly<Record<string, string>> | undefined;
}

/** a hyperparameter as the SageMaker Python SDK passes its own: JSON-encoded (`"train.py"`, `true`, `20`). */
const encoded = (value: string | number | boolean): string => JSON.stringify(value);

/** the region of an ECR image URI (`<account>.dkr.ecr.<region>.<suffix>/...`). */
function imageRegion(uri: string): string | undefined {
  return /\.dkr\.ecr\.([a-z0-9-]+)\./.exec(uri)?.[1];
}

/**
 * the framework parts of a job. Built-in XGBoost gets the user's hyperparameters only and no
 * metric definitions (it publishes `train:*` and `validation:*` itself). Script mode adds what the
 * SageMaker training toolkit reads, as the SageMaker Python SDK sets it with network isolation
 * (`Framework._prepare_for_training`): the entry point (`sagemaker_program`), the packed sourceDir
 * as the `code` input channel with `sagemaker_submit_directory` pointing into it (the container
 * cannot download from S3 in isolation), `sagemaker_region`, `sagemaker_job_name`, the log level,
 * and for PyTorch with torchDistributed `sagemaker_torch_distributed_enabled` and
 * `sagemaker_instance_type` (`PyTorch._pytorch_distribution_configuration`).
 */
export function frameworkJobParts(input: FrameworkJobInput): FrameworkJobParts {
  const { training } = input;
  const framework = training.framework;
  if (framework === undefined) throw new Error(`model ${input.modelName} has no framework; the sample container's request is built by trainingJobRequest`);
  // catalogueEntries() resolves the image in the tooling region, where the job runs
  const region = imageRegion(input.trainingImageUri);
  if (region === undefined) throw new Error(`the ${framework.name} image "${input.trainingImageUri}" is not an ECR image URI; compute it with catalogueEntries()`);
  if (!isScriptMode(framework)) {
    return { trainingImage: input.trainingImageUri, hyperparameters: { ...training.hyperparameters }, metricDefinitions: undefined, channels: [] };
  }
  const archive = input.sourceArchives?.[input.modelName];
  if (archive === undefined) {
    throw new Error(`SOURCE_ARCHIVES has no archive of model ${input.modelName} (its packed ${framework.sourceDir ?? 'sourceDir'}); the pipeline sets it from the training stack's SourceArchives output; when running by hand, export it as a JSON object such as {"${input.modelName}":"s3://<assets bucket>/<hash>.gz"}`);
  }
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(archive);
  if (!match || match[2].endsWith('/')) throw new Error(`SOURCE_ARCHIVES["${input.modelName}"] "${archive}" is not the S3 URI of an object such as "s3://cdk-hnb659fds-assets-111111111111-eu-west-1/<hash>.gz"`);
  const file = match[2].split('/').pop() ?? match[2];
  const definitions = (training.metricDefinitions ?? []).map((d) => ({ Name: d.name, Regex: d.regex }));
  const hyperparameters: Record<string, string> = {
    ...training.hyperparameters,
    sagemaker_program: encoded(framework.entryPoint),
    sagemaker_submit_directory: encoded(`${CODE_CHANNEL_DIR}/${file}`),
    sagemaker_region: encoded(region),
    sagemaker_job_name: encoded(input.jobName),
    sagemaker_container_log_level: encoded(20),
  };
  if (framework.distribution === 'torchDistributed') {
    hyperparameters.sagemaker_torch_distributed_enabled = encoded(true);
    hyperparameters.sagemaker_instance_type = encoded(training.instanceType);
  }
  const code: Channel = {
    ChannelName: CODE_CHANNEL,
    DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: archive, S3DataDistributionType: 'FullyReplicated' } },
    ContentType: 'application/x-gzip',
    CompressionType: 'None',
    RecordWrapperType: 'None',
    InputMode: 'File',
  };
  return { trainingImage: input.trainingImageUri, hyperparameters, metricDefinitions: definitions, channels: [code] };
}
