import { baselineKeys } from '../../../config/baseline-keys';
import { baselineJobRequest, baselinePublication } from '../../../cli/lib/monitoring/baseline-job';
import type { TrainingTarget } from '../../../cli/lib/training/step-environment';

/* The data-quality baseline job of a model: the CreateProcessingJob request and where its files go. */

const TARGET: TrainingTarget = {
  imageUri: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111111111111-eu-west-1:abc',
  roleArn: 'arn:aws:iam::111111111111:role/mlops-training-execution',
  modelsBucket: 'mlops-models-111111111111-eu-west-1',
  trainingDataBucket: 'mlops-training-data-111111111111-eu-west-1',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/0000',
  subnetIds: ['subnet-0a', 'subnet-0b'],
  securityGroupId: 'sg-0c',
  expectedModelKey: undefined,
  commit: '4e5f6a7',
  regionalStores: [],
};
const keys = baselineKeys('models/3f0c9a1b2d/model.tar.gz');
const plan = { jobName: 'mlops-baseline-3f0c9a1b2d-20261202013000-x7k2', region: 'eu-west-1', target: TARGET, trainChannelPrefix: 'iris/v1/train/', keys, identity: '3f0c9a1b2d', projectPrefix: 'mlops', instanceType: 'ml.m5.xlarge', volumeSizeGb: 20 };

describe('the baseline of a model', () => {
  test('is kept beside the model, by its content address', () => {
    expect(keys).toEqual({ prefix: 'models/3f0c9a1b2d/baseline/', statistics: 'models/3f0c9a1b2d/baseline/statistics.json', constraints: 'models/3f0c9a1b2d/baseline/constraints.json' });
  });

  test('fails when the key is not a content-addressed model key', () => {
    expect(() => baselineKeys('jobs/x/model.tar.gz')).toThrow('model key jobs/x/model.tar.gz is not of the form models/<identity>/model.tar.gz; pass a content-addressed model key');
  });

  test('is suggested by the region\'s analyzer image from the train channel, label first, no header', () => {
    const request = baselineJobRequest(plan);
    expect(request.AppSpecification).toEqual({ ImageUri: '468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer' });
    expect(request.Environment).toEqual({
      dataset_format: '{"csv":{"header":false,"output_columns_position":"START"}}',
      dataset_source: '/opt/ml/processing/input/baseline_dataset_input',
      output_path: '/opt/ml/processing/output',
      publish_cloudwatch_metrics: 'Disabled',
    });
    expect(request.ProcessingInputs).toEqual([
      {
        InputName: 'baseline_dataset_input',
        S3Input: { S3Uri: 's3://mlops-training-data-111111111111-eu-west-1/iris/v1/train/', LocalPath: '/opt/ml/processing/input/baseline_dataset_input', S3DataType: 'S3Prefix', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated' },
      },
    ]);
  });

  test('runs encrypted, in the training VPC, network-isolated, as the training role, and writes outside models/', () => {
    const request = baselineJobRequest(plan);
    expect(request.RoleArn).toBe(TARGET.roleArn);
    expect(request.ProcessingOutputConfig).toEqual({
      KmsKeyId: TARGET.kmsKeyArn,
      Outputs: [{ OutputName: 'monitoring_output', S3Output: { S3Uri: `s3://${TARGET.modelsBucket}/baseline-jobs/${plan.jobName}/`, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }],
    });
    expect(request.ProcessingResources).toEqual({ ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20, VolumeKmsKeyId: TARGET.kmsKeyArn } });
    expect(request.NetworkConfig).toEqual({ EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true, VpcConfig: { SecurityGroupIds: ['sg-0c'], Subnets: ['subnet-0a', 'subnet-0b'] } });
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600 });
    expect(request.Tags).toContainEqual({ Key: 'mlpipe:model-identity', Value: '3f0c9a1b2d' });
    expect(request.Tags).toContainEqual({ Key: 'mlpipe:commit', Value: '4e5f6a7' });
  });

  test('its two files are published from the job output to the model\'s baseline keys', () => {
    expect(baselinePublication(plan)).toEqual([
      { from: `baseline-jobs/${plan.jobName}/statistics.json`, to: 'models/3f0c9a1b2d/baseline/statistics.json' },
      { from: `baseline-jobs/${plan.jobName}/constraints.json`, to: 'models/3f0c9a1b2d/baseline/constraints.json' },
    ]);
  });

  test('fails when the region has no analyzer image', () => {
    expect(() => baselineJobRequest({ ...plan, region: 'eu-central-2' })).toThrow(/^region eu-central-2 has no SageMaker Model Monitor analyzer image/);
  });
});
