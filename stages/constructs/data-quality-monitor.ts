import { Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnDataQualityJobDefinition, CfnMonitoringSchedule } from 'aws-cdk-lib/aws-sagemaker';
import type { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { BaselineKeys } from '../../config/baseline-keys';
import { analyzerImageUri } from '../../config/model-monitor-image';
import type { MonitoringConfig } from '../../config/monitoring-schema';
import { scheduleExpression, schedulePeriodSeconds } from '../../config/monitoring-schema';
import { driftMetric, maxDrift, monitoredColumns } from './drift-metrics';
import { MonitoringExecutionRole, PROCESSING_LOG_GROUP } from './monitoring-execution-role';
import { defineSageMakerLogGroup } from './sagemaker-log-group';

/** props of a DataQualityMonitor. */
export interface DataQualityMonitorProps {
  /** the monitored endpoint's name */
  readonly endpointName: string;
  /** the endpoint (the schedule is created after it: Model Monitor needs it with data capture on) */
  readonly endpoint: CfnEndpoint;
  /** the schedule, thresholds and job size */
  readonly monitoring: MonitoringConfig;
  /** the served model's features, in training order (they name the drift graphs) */
  readonly featureNames: readonly string[];
  /** the bucket the endpoint captures to */
  readonly captureBucket: s3.IBucket;
  /**
   * the prefix the endpoint captures to
   * @default 'capture/'
   */
  readonly capturePrefix?: string;
  /** the stage key: reports, job volumes and the log group */
  readonly key: kms.IKey;
  /** the served model's baseline in the tooling account's models bucket of this region */
  readonly baseline: { readonly bucketName: string; readonly account: string; readonly region: string; readonly keys: BaselineKeys };
  /** the stage subnets and the model security group the jobs attach to */
  readonly network: { readonly subnets: readonly ec2.ISubnet[]; readonly securityGroup: ec2.ISecurityGroup };
  /** the role's name (monitoringRoleName), which the model store admits */
  readonly roleName: string;
  /** the endpoint's alarm topic */
  readonly topic: sns.ITopic;
}

/** where monitoring reports go in the capture bucket. */
export const REPORT_PREFIX = 'monitoring/';

/**
 * SageMaker Model Monitor data quality for one instance endpoint: a job definition with the
 * analyzer image of the region, the served model's baseline, the captured traffic as input, reports
 * to the capture bucket (stage key), an encrypted volume, the stage VPC with network isolation and a
 * least-privilege role; a schedule (hourly or daily); an alarm to the endpoint's topic when any
 * column's baseline drift is above the threshold; and dashboard widgets.
 */
export class DataQualityMonitor extends Construct {
  /** the job definition */
  public readonly jobDefinition: CfnDataQualityJobDefinition;
  /** the schedule */
  public readonly schedule: CfnMonitoringSchedule;
  /** the schedule's name, `<endpoint>-data-quality` (a metric dimension) */
  public readonly scheduleName: string;
  /** the drift alarm */
  public readonly alarm: cloudwatch.Alarm;
  /** the role the jobs run as */
  public readonly role: MonitoringExecutionRole;
  /** a dashboard row: what the drift graph means, and the graph */
  public readonly widgets: cloudwatch.IWidget[];

  constructor(scope: Construct, id: string, props: DataQualityMonitorProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) throw new Error(`${this.node.path}: the Model Monitor analyzer image is per region; give the endpoint stack an explicit region`);
    const { monitoring, endpointName } = props;
    const capturePrefix = props.capturePrefix ?? 'capture/';
    const s3Uri = (key: string) => `s3://${props.baseline.bucketName}/${key}`;
    this.scheduleName = `${endpointName}-data-quality`;

    this.role = new MonitoringExecutionRole(this, 'ExecutionRole', {
      roleName: props.roleName,
      endpointName,
      captureBucket: props.captureBucket,
      capturePrefix,
      reportPrefix: REPORT_PREFIX,
      key: props.key,
      baseline: { bucketName: props.baseline.bucketName, prefix: props.baseline.keys.prefix, account: props.baseline.account, region: props.baseline.region },
      network: props.network,
    });
    const logs = defineSageMakerLogGroup(this, 'JobLogs', { logGroupName: PROCESSING_LOG_GROUP, key: props.key });

    this.jobDefinition = new CfnDataQualityJobDefinition(this, 'JobDefinition', {
      roleArn: this.role.role.roleArn,
      dataQualityAppSpecification: { imageUri: analyzerImageUri(region), environment: { publish_cloudwatch_metrics: 'Enabled' } },
      dataQualityBaselineConfig: { constraintsResource: { s3Uri: s3Uri(props.baseline.keys.constraints) }, statisticsResource: { s3Uri: s3Uri(props.baseline.keys.statistics) } },
      dataQualityJobInput: { endpointInput: { endpointName, localPath: '/opt/ml/processing/input/endpoint', s3InputMode: 'File', s3DataDistributionType: 'FullyReplicated' } },
      dataQualityJobOutputConfig: {
        kmsKeyId: props.key.keyArn,
        monitoringOutputs: [{ s3Output: { localPath: '/opt/ml/processing/output', s3Uri: props.captureBucket.s3UrlForObject(`${REPORT_PREFIX}${endpointName}`), s3UploadMode: 'EndOfJob' } }],
      },
      jobResources: { clusterConfig: { instanceCount: 1, instanceType: monitoring.instanceType, volumeSizeInGb: monitoring.volumeSizeGb, volumeKmsKeyId: props.key.keyArn } },
      networkConfig: {
        enableNetworkIsolation: true,
        enableInterContainerTrafficEncryption: true,
        vpcConfig: { securityGroupIds: [props.network.securityGroup.securityGroupId], subnets: props.network.subnets.map((s) => s.subnetId) },
      },
      stoppingCondition: { maxRuntimeInSeconds: monitoring.maxRuntimeSeconds },
    });
    // SageMaker checks the role when it creates the definition; jobs write the encrypted group
    this.jobDefinition.node.addDependency(this.role, logs);

    this.schedule = new CfnMonitoringSchedule(this, 'Schedule', {
      monitoringScheduleName: this.scheduleName,
      monitoringScheduleConfig: {
        // the ARN ends in data-quality-job-definition/<generated name>
        monitoringJobDefinitionName: Fn.select(1, Fn.split('/', this.jobDefinition.attrJobDefinitionArn)),
        monitoringType: 'DataQuality',
        scheduleConfig: { scheduleExpression: scheduleExpression(monitoring.schedule) },
      },
    });
    this.schedule.node.addDependency(props.endpoint);

    const period = Duration.seconds(schedulePeriodSeconds(monitoring.schedule));
    const drift = maxDrift(endpointName, this.scheduleName, props.featureNames, period);
    this.alarm = new cloudwatch.Alarm(this, 'DriftAlarm', {
      metric: drift,
      threshold: monitoring.driftThreshold,
      evaluationPeriods: monitoring.evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // no captured traffic in a run means nothing to compare, not drift
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `data drift: in ${monitoring.evaluationPeriods} ${monitoring.schedule} Model Monitor run(s) of ${this.scheduleName}, a column of the traffic of ${endpointName} moved more than ${monitoring.driftThreshold} (baseline drift distance) from the served model's training data; read docs/monitoring.md "Reading a drift alarm"`,
    });
    const action = new actions.SnsAction(props.topic);
    this.alarm.addAlarmAction(action);
    this.alarm.addOkAction(action);

    this.widgets = [
      new cloudwatch.TextWidget({ markdown: driftText(endpointName, this.scheduleName, monitoring, props.featureNames), width: 12, height: 8 }),
      new cloudwatch.GraphWidget({
        title: `Baseline drift per column (${monitoring.schedule} Model Monitor runs)`,
        left: monitoredColumns(props.featureNames).map((c) => driftMetric(endpointName, this.scheduleName, c.column, period).with({ label: `${c.column} (${c.meaning})` })),
        leftAnnotations: [{ value: monitoring.driftThreshold, label: 'drift alarm threshold' }],
        leftYAxis: { min: 0, max: 1, showUnits: false, label: 'distance' },
        width: 12,
        height: 8,
      }),
    ];
  }
}

/** the dashboard text next to the drift graph: what it shows and what to do when the alarm fires. */
export function driftText(endpointName: string, scheduleName: string, monitoring: MonitoringConfig, featureNames: readonly string[]): string {
  const columns = monitoredColumns(featureNames).map((c) => `\`${c.column}\` = ${c.meaning}`).join(', ');
  return [
    `# Data quality (${scheduleName})`,
    `Model Monitor compares the traffic captured from ${endpointName} with the served model's training data every ${monitoring.schedule === 'hourly' ? 'hour' : 'day'}. Each line is one column's **baseline drift**: the distance between its distribution in that run and in the training data (0 same, 1 disjoint). Columns: ${columns}.`,
    `**When the drift alarm fires** (a column above ${monitoring.driftThreshold} in ${monitoring.evaluationPeriods} run(s)): open the run's constraint_violations.json under s3://<capture bucket>/${REPORT_PREFIX}${endpointName}/, see which column moved and how; compare with the baseline (models/<identity>/baseline/statistics.json). Clients sending new kinds of data: retrain on data that includes them (new dataVersion) and push. A broken client or feature pipeline: fix it there. See docs/monitoring.md.`,
  ].join('\n\n');
}
