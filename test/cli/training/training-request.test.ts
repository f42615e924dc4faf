import { trainingJobRequest } from '../../../cli/lib/training/training-request';
import { IMAGE_URI, KEY_ARN, ROLE_ARN, target, trainingConfig, COMMIT } from './fixtures';

const JOB = 'tst-0123456789-20261124020000-ab12';
const plan = (training: Record<string, unknown> = {}) => ({ training: trainingConfig(training).training, target: target(), jobName: JOB, identity: '0123456789abcdef0123456789abcdef', projectPrefix: 'tst' });

describe('trainingJobRequest', () => {
  it('builds the exact managed-spot request of the default config', () => {
    expect(trainingJobRequest(plan())).toEqual({
      TrainingJobName: JOB,
      RoleArn: ROLE_ARN,
      AlgorithmSpecification: {
        TrainingImage: IMAGE_URI,
        TrainingInputMode: 'File',
        MetricDefinitions: [
          { Name: 'train:loss', Regex: expect.stringContaining('train:loss=') },
          { Name: 'validation:loss', Regex: expect.stringContaining('validation:loss=') },
          { Name: 'validation:accuracy', Regex: expect.stringContaining('validation:accuracy=') },
        ],
        EnableSageMakerMetricsTimeSeries: true,
      },
      HyperParameters: {
        epochs: '60',
        learning_rate: '0.1',
        batch_size: '16',
        seed: '42',
        feature_names: 'sepal_length,sepal_width,petal_length,petal_width',
        checkpoint_every_epochs: '5',
      },
      InputDataConfig: ['train', 'validation'].map((name) => ({
        ChannelName: name,
        DataSource: {
          S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://tst-training-data-111111111111-eu-west-1/iris/v1/${name}/`, S3DataDistributionType: 'FullyReplicated' },
        },
        ContentType: 'text/csv',
        CompressionType: 'None',
        RecordWrapperType: 'None',
      })),
      OutputDataConfig: { S3OutputPath: 's3://tst-models-111111111111-eu-west-1/jobs/', KmsKeyId: KEY_ARN },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10, VolumeKmsKeyId: KEY_ARN },
      StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 },
      EnableManagedSpotTraining: true,
      // keyed by the model identity, so every attempt of the key resumes from the last one's checkpoints
      CheckpointConfig: { S3Uri: 's3://tst-models-111111111111-eu-west-1/checkpoints/0123456789abcdef0123456789abcdef/', LocalPath: '/opt/ml/checkpoints' },
      VpcConfig: { SecurityGroupIds: ['sg-0ccc'], Subnets: ['subnet-0aaa', 'subnet-0bbb'] },
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: false,
      RetryStrategy: { MaximumRetryAttempts: 2 },
      Tags: [
        { Key: 'mlpipe:project', Value: 'tst' },
        { Key: 'mlpipe:model-identity', Value: '0123456789abcdef0123456789abcdef' },
        { Key: 'mlpipe:model-key', Value: 'models/0123456789abcdef0123456789abcdef/model.tar.gz' },
        { Key: 'mlpipe:commit', Value: COMMIT },
      ],
    });
  });

  it('takes max runtime, max wait and retries from the config', () => {
    const request = trainingJobRequest(plan({ maxRuntimeSeconds: 1800, maxWaitSeconds: 1800, retries: 5 }));
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 1800, MaxWaitTimeInSeconds: 1800 });
    expect(request.RetryStrategy).toEqual({ MaximumRetryAttempts: 5 });
  });

  it('trains on demand without a max wait when spot is off', () => {
    const request = trainingJobRequest(plan({ spot: false }));
    expect(request.EnableManagedSpotTraining).toBe(false);
    // no MaxWaitTimeInSeconds member at all, not one set to undefined (the dry run prints the request)
    expect(request.StoppingCondition).toStrictEqual({ MaxRuntimeInSeconds: 3600 });
  });

  it('tags no commit when the run has none (a local run outside git)', () => {
    const request = trainingJobRequest({ ...plan(), target: { ...target(), commit: undefined } });
    expect(request.Tags).toStrictEqual([
      { Key: 'mlpipe:project', Value: 'tst' },
      { Key: 'mlpipe:model-identity', Value: '0123456789abcdef0123456789abcdef' },
      { Key: 'mlpipe:model-key', Value: 'models/0123456789abcdef0123456789abcdef/model.tar.gz' },
    ]);
  });

  it('leaves out the volume key on instance-store types, which SageMaker rejects', () => {
    const request = trainingJobRequest(plan({ instanceType: 'ml.g4dn.xlarge' }));
    expect(request.ResourceConfig).toEqual({ InstanceType: 'ml.g4dn.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 });
    expect(request.OutputDataConfig?.KmsKeyId).toBe(KEY_ARN);
  });

  it('encrypts traffic between the hosts of a distributed job and shards when asked', () => {
    const request = trainingJobRequest(plan({ instanceCount: 3, channels: { train: { prefix: 'big/train/', dataVersion: 'v2', distribution: 'ShardedByS3Key' }, validation: { prefix: 'big/validation/', dataVersion: 'v2' } } }));
    expect(request.ResourceConfig?.InstanceCount).toBe(3);
    expect(request.EnableInterContainerTrafficEncryption).toBe(true);
    expect(request.InputDataConfig?.[0].DataSource?.S3DataSource?.S3DataDistributionType).toBe('ShardedByS3Key');
  });

  it('uses the metric definitions of a bring-your-own container', () => {
    const request = trainingJobRequest(plan({ metricDefinitions: [{ name: 'val:f1', regex: 'f1=([0-9.]+)' }], metric: { name: 'val:f1', threshold: 0.5 } }));
    expect(request.AlgorithmSpecification?.MetricDefinitions).toEqual([{ Name: 'val:f1', Regex: 'f1=([0-9.]+)' }]);
  });

  it('fails when the gated metric is not one the container prints', () => {
    expect(() => trainingJobRequest(plan({ metric: { name: 'validation:f1' } }))).toThrow(/"validation:f1" is not a metric the container prints \(train:loss, validation:loss, validation:accuracy\)/);
  });
});
