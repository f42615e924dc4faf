import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DATA_METRICS_NAMESPACE } from './drift-metrics';
import { acknowledgeScopedWildcards } from './scoped-wildcards';

/** the CloudWatch Logs group SageMaker processing (and so monitoring) jobs log to. */
export const PROCESSING_LOG_GROUP = '/aws/sagemaker/ProcessingJobs';

/** the name of a stage's monitoring role, e.g. `mlops-prod-endpoint-monitor`; the model store admits it by this name. */
export function monitoringRoleName(prefix: string, stageName: string): string {
  return `${prefix}-${stageName.toLowerCase()}-endpoint-monitor`;
}

/** the ARN of a stage's monitoring role (see monitoringRoleName). */
export function monitoringRoleArn(prefix: string, stageName: string, account: string): string {
  return `arn:${Aws.PARTITION}:iam::${account}:role/${monitoringRoleName(prefix, stageName)}`;
}

/** props of a MonitoringExecutionRole. */
export interface MonitoringExecutionRoleProps {
  /** the role's name (monitoringRoleName): the model store's bucket and key policies admit it by ARN */
  readonly roleName: string;
  /** the monitored endpoint's name */
  readonly endpointName: string;
  /** the data-capture bucket: captured traffic under `capturePrefix`, reports under `reportPrefix` */
  readonly captureBucket: s3.IBucket;
  /** the prefix the endpoint captures to, e.g. `capture/` */
  readonly capturePrefix: string;
  /** the prefix monitoring reports are written to, e.g. `monitoring/` */
  readonly reportPrefix: string;
  /** the key of the capture bucket, the reports and the job volumes */
  readonly key: kms.IKey;
  /** the models bucket of the tooling account in this region, and the baseline's folder in it */
  readonly baseline: { readonly bucketName: string; readonly prefix: string; readonly account: string; readonly region: string };
  /** the stage subnets and the security group of the jobs' network interfaces */
  readonly network: { readonly subnets: readonly ec2.ISubnet[]; readonly securityGroup: ec2.ISecurityGroup };
}

/**
 * the role Model Monitor's jobs run as, with one customer-managed policy: read the captured traffic
 * and list its prefix, write reports under the report prefix, read exactly this model's baseline
 * folder of the models bucket (and decrypt it through S3 only), use the stage key for the reports
 * and volumes, write the processing log group, publish data-quality metrics only, and manage its
 * network interfaces in the stage subnets.
 */
export class MonitoringExecutionRole extends Construct {
  /** the role */
  public readonly role: iam.Role;
  /** its only policy */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: MonitoringExecutionRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': stack.account } }),
      description: `SageMaker Model Monitor jobs of endpoint ${props.endpointName}`,
    });
    const baselineBucket = `arn:${stack.partition}:s3:::${props.baseline.bucketName}`;
    const baselineObjects = `${baselineBucket}/${props.baseline.prefix}*`;
    const readCapture = new iam.PolicyStatement({ sid: 'ReadCapturedData', actions: ['s3:GetObject'], resources: [props.captureBucket.arnForObjects(`${props.capturePrefix}*`)] });
    const listCapture = new iam.PolicyStatement({
      sid: 'ListCapturedData',
      actions: ['s3:ListBucket'],
      resources: [props.captureBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${props.capturePrefix}*`, `${props.reportPrefix}*`] } },
    });
    const writeReports = new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], resources: [props.captureBucket.arnForObjects(`${props.reportPrefix}*`)] });
    const readBaseline = new iam.PolicyStatement({ sid: 'ReadBaseline', actions: ['s3:GetObject'], resources: [baselineObjects] });
    const decryptBaseline = new iam.PolicyStatement({
      sid: 'DecryptBaselineThroughS3',
      actions: ['kms:Decrypt'],
      resources: [`arn:${stack.partition}:kms:${props.baseline.region}:${props.baseline.account}:key/*`],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${props.baseline.region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [baselineBucket, baselineObjects] },
      },
    });
    const useKey = new iam.PolicyStatement({ sid: 'UseStageKey', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], resources: [props.key.keyArn] });
    const volumeGrant = new iam.PolicyStatement({ sid: 'EncryptJobVolumes', actions: ['kms:CreateGrant'], resources: [props.key.keyArn], conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } });
    const logGroup = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: PROCESSING_LOG_GROUP, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const writeLogs = new iam.PolicyStatement({ sid: 'WriteJobLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], resources: [logGroup, `${logGroup}:log-stream:*`] });
    const putMetrics = new iam.PolicyStatement({ sid: 'PutDataQualityMetrics', actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': DATA_METRICS_NAMESPACE } } });
    const network = this.networkStatements(props.network);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Model Monitor of ${props.endpointName}: captured data, reports, the baseline, logs, metrics`,
      roles: [this.role],
      statements: [readCapture, listCapture, writeReports, readBaseline, decryptBaseline, useKey, volumeGrant, writeLogs, putMetrics, ...network.statements],
    });
    acknowledgeScopedWildcards(this.policy, [
      { statement: readCapture, reason: 'SageMaker writes captured traffic under capture/<endpoint>/<variant>/<yyyy>/<mm>/<dd>/<hh>/ with names it chooses; the grant is that one prefix of this endpoint\'s own capture bucket' },
      { statement: writeReports, reason: 'each monitoring run writes its report under a folder named after the run, chosen by SageMaker; the grant is the monitoring/ prefix of this endpoint\'s capture bucket only' },
      { statement: readBaseline, reason: 'the baseline folder of exactly the served model (models/<identity>/baseline/: statistics.json and constraints.json); the bucket policy of the model store admits this role by its ARN' },
      { statement: decryptBaseline, reason: 'the model store key id is not known in the stage account; decrypt is limited to S3 in the models region and to objects of the baseline folder by the encryption context' },
      { statement: writeLogs, reason: 'SageMaker names one log stream per monitoring job and host; the grant is the /aws/sagemaker/ProcessingJobs group of this account and region' },
      { statement: putMetrics, reason: 'cloudwatch:PutMetricData supports no resource type; the cloudwatch:namespace condition limits it to Model Monitor\'s data-quality namespace' },
      ...network.wildcards,
    ]);
  }

  private networkStatements(network: MonitoringExecutionRoleProps['network']) {
    const stack = Stack.of(this);
    const subnetArns = network.subnets.map((s) => stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: s.subnetId }));
    const interfaces = stack.formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' });
    const securityGroupArn = stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: network.securityGroup.securityGroupId });
    const create = new iam.PolicyStatement({ sid: 'CreateInterfacesInStageSubnets', actions: ['ec2:CreateNetworkInterface'], resources: [interfaces, securityGroupArn, ...subnetArns] });
    const manage = new iam.PolicyStatement({
      sid: 'ManageOwnInterfaces',
      actions: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
      resources: [interfaces],
      conditions: { ArnEquals: { 'ec2:Subnet': subnetArns } },
    });
    const describe = new iam.PolicyStatement({
      sid: 'DescribeNetwork',
      actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
      resources: ['*'],
    });
    const why = 'network interfaces get their ids when SageMaker creates them; creating is limited to the stage subnets and the monitor security group, managing to interfaces in the stage subnets';
    return {
      statements: [create, manage, describe],
      wildcards: [
        { statement: create, reason: why },
        { statement: manage, reason: why },
        { statement: describe, reason: 'the ec2:Describe* actions SageMaker calls to attach a job to the VPC support no resource-level permissions' },
      ],
    };
  }
}
