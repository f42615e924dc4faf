import type { Template } from 'aws-cdk-lib/assertions';
import { onlyResource, renderEndpoints } from './endpoint-test-app';
import type { RenderedEndpoint } from './endpoint-test-app';

/*
 * Model Monitor data quality in the endpoint stack: the job definition (analyzer image, baseline,
 * captured input, encryption, VPC, isolation), the schedule, the role, the drift alarm and the
 * dashboard widgets; and nothing of it where monitoring is off.
 */

const CAPTURE = { enabled: true, samplingPercent: 10 };
let monitored: RenderedEndpoint;
let daily: RenderedEndpoint;
let unmonitored: RenderedEndpoint;

beforeAll(() => {
  const rendered = renderEndpoints({
    Monitored: { endpoint: { dataCapture: CAPTURE, monitoring: { enabled: true, schedule: 'hourly', driftThreshold: 0.2, evaluationPeriods: 2, maxRuntimeSeconds: 3000 } }, environment: 'production' },
    Daily: { endpoint: { dataCapture: CAPTURE, monitoring: { enabled: true } } },
    Unmonitored: { endpoint: { dataCapture: CAPTURE } },
  });
  monitored = rendered.Monitored;
  daily = rendered.Daily;
  unmonitored = rendered.Unmonitored;
});

const ENDPOINT = 'tst-monitored';
const BASELINE = 's3://tst-models-111111111111-eu-west-1/models/0123abcd/baseline/';

function logicalId(template: Template, type: string, pathPart: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.includes(pathPart));
  if (ids.length !== 1) throw new Error(`expected one ${type} with ${pathPart}, found ${ids.join(', ')}`);
  return ids[0];
}

describe('the data-quality job definition', () => {
  test('runs the analyzer image of the region on the captured traffic against the model\'s baseline', () => {
    monitored.template.hasResourceProperties('AWS::SageMaker::DataQualityJobDefinition', {
      DataQualityAppSpecification: { ImageUri: '468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer', Environment: { publish_cloudwatch_metrics: 'Enabled' } },
      DataQualityBaselineConfig: { ConstraintsResource: { S3Uri: `${BASELINE}constraints.json` }, StatisticsResource: { S3Uri: `${BASELINE}statistics.json` } },
      DataQualityJobInput: { EndpointInput: { EndpointName: ENDPOINT, LocalPath: '/opt/ml/processing/input/endpoint', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated' } },
      StoppingCondition: { MaxRuntimeInSeconds: 3000 },
    });
  });

  test('encrypts the reports and the volume with the endpoint key and writes reports under monitoring/', () => {
    const key = { 'Fn::GetAtt': [logicalId(monitored.template, 'AWS::KMS::Key', 'EndpointKey'), 'Arn'] };
    const bucket = logicalId(monitored.template, 'AWS::S3::Bucket', 'DataCaptureBucket');
    monitored.template.hasResourceProperties('AWS::SageMaker::DataQualityJobDefinition', {
      DataQualityJobOutputConfig: {
        KmsKeyId: key,
        MonitoringOutputs: [{ S3Output: { LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob', S3Uri: { 'Fn::Join': ['', ['s3://', { Ref: bucket }, `/monitoring/${ENDPOINT}`]] } } }],
      },
      JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20, VolumeKmsKeyId: key } },
    });
  });

  test('runs in the stage subnets with the model security group, network-isolated', () => {
    const { resource } = onlyResource(monitored.template, 'AWS::SageMaker::DataQualityJobDefinition');
    const network = resource.Properties.NetworkConfig as { EnableNetworkIsolation: boolean; EnableInterContainerTrafficEncryption: boolean; VpcConfig: { SecurityGroupIds: unknown[]; Subnets: unknown[] } };
    expect(network.EnableNetworkIsolation).toBe(true);
    expect(network.EnableInterContainerTrafficEncryption).toBe(true);
    expect(network.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [logicalId(monitored.template, 'AWS::EC2::SecurityGroup', 'ModelSecurityGroup'), 'GroupId'] }]);
    const model = onlyResource(monitored.template, 'AWS::SageMaker::Model').resource.Properties.VpcConfig as { Subnets: unknown[] };
    expect(network.VpcConfig.Subnets).toEqual(model.Subnets);
    expect(network.VpcConfig.Subnets.length).toBeGreaterThan(0);
  });

  test('runs as the monitoring role of the stage', () => {
    const role = logicalId(monitored.template, 'AWS::IAM::Role', 'DataQualityExecutionRole');
    monitored.template.hasResourceProperties('AWS::SageMaker::DataQualityJobDefinition', { RoleArn: { 'Fn::GetAtt': [role, 'Arn'] } });
    monitored.template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'tst-monitored-endpoint-monitor' });
  });
});

describe('the monitoring schedule', () => {
  test('runs the job definition hourly or daily, after the endpoint exists', () => {
    const definition = logicalId(monitored.template, 'AWS::SageMaker::DataQualityJobDefinition', 'DataQuality');
    const { resource } = onlyResource(monitored.template, 'AWS::SageMaker::MonitoringSchedule');
    expect(resource.Properties).toEqual({
      MonitoringScheduleName: `${ENDPOINT}-data-quality`,
      MonitoringScheduleConfig: {
        MonitoringJobDefinitionName: { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': [definition, 'JobDefinitionArn'] }] }] },
        MonitoringType: 'DataQuality',
        ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
      },
    });
    expect(resource.DependsOn).toContain(logicalId(monitored.template, 'AWS::SageMaker::Endpoint', 'Endpoint'));
    daily.template.hasResourceProperties('AWS::SageMaker::MonitoringSchedule', { MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 0 ? * * *)' } } });
  });

  test('nothing of monitoring exists where it is off', () => {
    for (const type of ['AWS::SageMaker::DataQualityJobDefinition', 'AWS::SageMaker::MonitoringSchedule']) unmonitored.template.resourceCountIs(type, 0);
    expect(Object.keys(unmonitored.template.findResources('AWS::IAM::Role')).filter((id) => id.includes('DataQuality'))).toEqual([]);
  });
});

describe('the monitoring role', () => {
  const statements = (rendered: RenderedEndpoint) => {
    const id = logicalId(rendered.template, 'AWS::IAM::ManagedPolicy', 'DataQualityExecutionRole');
    const policy = rendered.template.toJSON().Resources[id].Properties.PolicyDocument as { Statement: { Sid: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[] };
    return Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
  };

  test('reads only the served model\'s baseline folder and the capture prefix, and writes only the report prefix', () => {
    const s = statements(monitored);
    expect(s.ReadBaseline).toMatchObject({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::tst-models-111111111111-eu-west-1/models/0123abcd/baseline/*' });
    const bucket = logicalId(monitored.template, 'AWS::S3::Bucket', 'DataCaptureBucket');
    expect(s.ReadCapturedData).toMatchObject({ Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/capture/*']] } });
    expect(s.WriteReports).toMatchObject({ Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/monitoring/*']] } });
    expect(s.ListCapturedData).toMatchObject({ Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['capture/*', 'monitoring/*'] } } });
  });

  test('decrypts the baseline only through S3 in its region, and publishes only data-quality metrics', () => {
    const s = statements(monitored);
    expect(s.DecryptBaselineThroughS3.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': expect.arrayContaining([expect.anything()]) },
    });
    expect(s.PutDataQualityMetrics).toMatchObject({ Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'aws/sagemaker/Endpoints/data-metrics' } } });
  });

  test('grants no action with a wildcard', () => {
    const actions = Object.values(statements(monitored)).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });
});

describe('the drift alarm and the dashboard', () => {
  test('alarms to the endpoint topic when the largest column drift of a run is above the threshold', () => {
    const topic = logicalId(monitored.template, 'AWS::SNS::Topic', 'AlarmTopic');
    const { resource } = Object.entries(monitored.template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.includes('DriftAlarm')).map(([id, r]) => ({ id, resource: r as { Properties: Record<string, unknown> } }))[0];
    expect(resource.Properties).toMatchObject({
      Threshold: 0.2,
      EvaluationPeriods: 2,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }],
      OKActions: [{ Ref: topic }],
    });
    const metrics = resource.Properties.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown[] }; Period: number; Stat: string } }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('MAX([d0, d1, d2, d3, d4])');
    const stats = metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat);
    expect(stats.map((m) => m?.Metric.MetricName)).toEqual(['feature_baseline_drift__c0', 'feature_baseline_drift__c1', 'feature_baseline_drift__c2', 'feature_baseline_drift__c3', 'feature_baseline_drift__c4']);
    for (const m of stats) {
      expect(m).toMatchObject({ Period: 3600, Stat: 'Maximum', Metric: { Namespace: 'aws/sagemaker/Endpoints/data-metrics' } });
      expect(m?.Metric.Dimensions).toEqual([
        { Name: 'Endpoint', Value: ENDPOINT },
        { Name: 'MonitoringSchedule', Value: `${ENDPOINT}-data-quality` },
      ]);
    }
    const dailyAlarm = Object.entries(daily.template.findResources('AWS::CloudWatch::Alarm')).find(([id]) => id.includes('DriftAlarm'));
    expect((dailyAlarm?.[1] as { Properties: { Metrics: { MetricStat?: { Period: number } }[] } }).Properties.Metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat?.Period)).toEqual([86400, 86400, 86400, 86400, 86400]);
  });

  test('the endpoint dashboard shows the drift per column with its meaning, the threshold and the runbook', () => {
    const { resource } = onlyResource(monitored.template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(monitored.stack.resolve(resource.Properties.DashboardBody));
    expect(body).toContain('Baseline drift per column (hourly Model Monitor runs)');
    expect(body).toContain('feature_baseline_drift__c3');
    expect(body).toContain('_c3 (petal_length)');
    expect(body).toContain('drift alarm threshold');
    expect(body).toContain('When the drift alarm fires');
    const unmonitoredBody = JSON.stringify(unmonitored.stack.resolve(onlyResource(unmonitored.template, 'AWS::CloudWatch::Dashboard').resource.Properties.DashboardBody));
    expect(unmonitoredBody).not.toContain('feature_baseline_drift');
  });
});
