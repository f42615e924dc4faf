import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planTraining } from '../../../cli/lib/training/dry-run';
import { trainingJobRequest } from '../../../cli/lib/training/training-request';
import { loadConfig, parseConfig } from '../../../config';
import type { AppConfig } from '../../../config';
import { REPO_ROOT } from '../../helpers/test-config';
import { KEY_ARN, target } from './fixtures';

/*
 * The examples under examples/ are loaded with the config loader and planned as `mlpipe train
 * --dry-run` plans them, so an example that no longer validates, or whose request changes, fails
 * here. (Their Python cannot run in this repository: it needs the framework images.)
 */

const ARCHIVES = {
  'iris-sklearn': 's3://cdk-hnb659fds-assets-111111111111-eu-west-1/1111111111111111111111111111111111111111111111111111111111111111.gz',
  'iris-torch': 's3://cdk-hnb659fds-assets-111111111111-eu-west-1/2222222222222222222222222222222222222222222222222222222222222222.gz',
};
const exampleFile = (framework: string) => join(REPO_ROOT, 'examples', framework, 'pipeline.yaml');
const example = (framework: string): AppConfig => loadConfig(exampleFile(framework));
/** an example with its tooling region replaced (the sourceDir is still read next to the example). */
const exampleIn = (framework: string, region: string): AppConfig =>
  parseConfig(readFileSync(exampleFile(framework), 'utf8').replace(/region: eu-west-1 }/, `region: ${region} }`).replace(/regions: \[eu-west-1\]/, `regions: [${region}]`), exampleFile(framework));
/** the step's target (the test stage's deployed names) with the archives of the script-mode examples. */
const requestOf = (config: AppConfig) => planTraining(config, target({ sourceArchives: ARCHIVES }))[0].request;

/** the model identity a request is tagged with (its checkpoints are keyed by it). */
const identityOf = (request: { Tags?: { Key?: string; Value?: string }[] }) => request.Tags?.find((t) => t.Key === 'mlpipe:model-identity')?.Value;
const VPC = { SecurityGroupIds: ['sg-0ccc'], Subnets: ['subnet-0aaa', 'subnet-0bbb'] };
const dataChannel = (name: string, prefix: string, distribution = 'FullyReplicated') => ({
  ChannelName: name,
  DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://tst-training-data-111111111111-eu-west-1/${prefix}`, S3DataDistributionType: distribution } },
  ContentType: 'text/csv',
  CompressionType: 'None',
  RecordWrapperType: 'None',
});

describe('built-in XGBoost on three instances (examples/xgboost)', () => {
  const request = requestOf(example('xgboost'));

  it('trains on the XGBoost image of the tooling region with only the user\'s hyperparameters and no metric definitions', () => {
    expect(request.AlgorithmSpecification).toEqual({ TrainingImage: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1', TrainingInputMode: 'File', EnableSageMakerMetricsTimeSeries: true });
    expect(request.HyperParameters).toEqual({ objective: 'multi:softprob', num_class: '3', num_round: '100', max_depth: '5', eta: '0.2', eval_metric: 'mlogloss' });
  });

  it('shards the training data over the three instances and replicates the validation data, encrypting the traffic between hosts', () => {
    expect(request.InputDataConfig).toEqual([dataChannel('train', 'iris-xgb/v1/train/', 'ShardedByS3Key'), dataChannel('validation', 'iris-xgb/v1/validation/')]);
    expect(request.ResourceConfig).toEqual({ InstanceType: 'ml.m5.xlarge', InstanceCount: 3, VolumeSizeInGB: 10, VolumeKmsKeyId: KEY_ARN });
    expect(request.EnableInterContainerTrafficEncryption).toBe(true);
  });

  it('keeps spot, checkpoints under the job\'s prefix, the VPC, network isolation and KMS as for the sample', () => {
    expect(request).toMatchObject({
      EnableManagedSpotTraining: true,
      StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 },
      CheckpointConfig: { S3Uri: `s3://tst-models-111111111111-eu-west-1/checkpoints/${identityOf(request)}/`, LocalPath: '/opt/ml/checkpoints' },
      VpcConfig: VPC,
      EnableNetworkIsolation: true,
      OutputDataConfig: { S3OutputPath: 's3://tst-models-111111111111-eu-west-1/jobs/', KmsKeyId: KEY_ARN },
    });
  });

  it.each([
    ['cn-north-1', '450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1'],
    ['us-east-1', '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
    ['af-south-1', '510948584623.dkr.ecr.af-south-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
  ])('takes the image of the tooling region %s from the table', (region, uri) => {
    expect(requestOf(exampleIn('xgboost', region)).AlgorithmSpecification?.TrainingImage).toBe(uri);
  });
});

describe('scikit-learn script mode on one instance (examples/sklearn)', () => {
  const request = requestOf(example('sklearn'));

  it('runs train.py from the packed sourceDir, passed as the code channel because the job is network-isolated', () => {
    expect(request.AlgorithmSpecification).toEqual({
      TrainingImage: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'validation:accuracy', Regex: 'validation:accuracy=([0-9.]+)' }],
      EnableSageMakerMetricsTimeSeries: true,
    });
    expect(request.HyperParameters).toEqual({
      n_estimators: '100',
      max_depth: '4',
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: '"/opt/ml/input/data/code/1111111111111111111111111111111111111111111111111111111111111111.gz"',
      sagemaker_region: '"eu-west-1"',
      sagemaker_job_name: `"${request.TrainingJobName}"`,
      sagemaker_container_log_level: '20',
    });
    expect(request.InputDataConfig?.map((c) => c.ChannelName)).toEqual(['train', 'validation', 'code']);
    expect(request.InputDataConfig?.[2]).toEqual({
      ChannelName: 'code',
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: ARCHIVES['iris-sklearn'], S3DataDistributionType: 'FullyReplicated' } },
      ContentType: 'application/x-gzip',
      CompressionType: 'None',
      RecordWrapperType: 'None',
      InputMode: 'File',
    });
    expect(request).toMatchObject({ ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large' }, EnableInterContainerTrafficEncryption: false, EnableNetworkIsolation: true, VpcConfig: VPC });
  });

  it('fails when the step has no archive of the model\'s sourceDir, naming the variable', () => {
    expect(() => planTraining(example('sklearn'), target())).toThrow(/SOURCE_ARCHIVES has no archive of model iris-sklearn/);
  });
});

describe('PyTorch on two instances with torchrun (examples/pytorch)', () => {
  const request = requestOf(example('pytorch'));

  it('trains on the GPU training image with the torch_distributed settings the SDK sets', () => {
    expect(request.AlgorithmSpecification?.TrainingImage).toBe('763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311');
    expect(request.HyperParameters).toMatchObject({
      epochs: '40',
      sagemaker_program: '"train.py"',
      sagemaker_torch_distributed_enabled: 'true',
      sagemaker_instance_type: '"ml.g5.xlarge"',
    });
    expect(request.AlgorithmSpecification?.MetricDefinitions?.map((d) => d.Name)).toEqual(['validation:accuracy', 'train:loss']);
  });

  it('shards the data over the two hosts, encrypts their traffic, and leaves VolumeKmsKeyId out on instance-store g5', () => {
    expect(request.InputDataConfig?.map((c) => [c.ChannelName, c.DataSource?.S3DataSource?.S3DataDistributionType])).toEqual([
      ['train', 'ShardedByS3Key'],
      ['validation', 'FullyReplicated'],
      ['code', 'FullyReplicated'],
    ]);
    expect(request.ResourceConfig).toEqual({ InstanceType: 'ml.g5.xlarge', InstanceCount: 2, VolumeSizeInGB: 30 });
    expect(request.EnableInterContainerTrafficEncryption).toBe(true);
    expect(request.CheckpointConfig).toEqual({ S3Uri: `s3://tst-models-111111111111-eu-west-1/checkpoints/${identityOf(request)}/`, LocalPath: '/opt/ml/checkpoints' });
  });

  it('takes the account of each region from the table (ap-east-1 and eu-south-1 publish from their own accounts)', () => {
    expect(requestOf(exampleIn('pytorch', 'ap-east-1')).AlgorithmSpecification?.TrainingImage).toBe('871362719292.dkr.ecr.ap-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311');
    expect(requestOf(exampleIn('pytorch', 'eu-south-1')).AlgorithmSpecification?.TrainingImage).toBe('692866216735.dkr.ecr.eu-south-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311');
  });
});

describe('a framework model planned without its catalogue entry', () => {
  const [model] = example('xgboost').models;
  const plan = (entry?: { name: string; trainingImageUri?: string }) => ({
    training: model.training,
    target: target(),
    jobName: 'xgbex-0123456789-20261202120000-ab12',
    identity: '0123456789abcdef0123456789abcdef',
    projectPrefix: 'xgbex',
    ...(entry === undefined ? {} : { entry }),
  });

  it('fails when no catalogue entry is passed, naming the framework and where the entry comes from', () => {
    expect(() => trainingJobRequest(plan())).toThrow("the xgboost model's catalogue entry (with its framework image) was not passed; pass entry from catalogueEntries()");
  });

  it('fails when the entry has no framework image, rather than train on the sample container', () => {
    expect(() => trainingJobRequest(plan({ name: model.name }))).toThrow("the xgboost model's catalogue entry (with its framework image) was not passed");
  });

  it('trains on the entry\'s framework image when the entry has one', () => {
    const image = '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1';
    expect(trainingJobRequest(plan({ name: model.name, trainingImageUri: image })).AlgorithmSpecification?.TrainingImage).toBe(image);
  });
});
