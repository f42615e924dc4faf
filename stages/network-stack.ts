import { Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { NetworkConfig } from '../config';
import { acknowledge } from '../compliance/acknowledge';
import { EncryptionKey } from './constructs/encryption-key';
import { restrictInterfaceEndpoint, restrictS3GatewayEndpoint } from './constructs/endpoint-policies';

/** the interface endpoints every VPC gets: what SageMaker hosting/training and our code call. */
export const INTERFACE_ENDPOINTS = {
  SageMakerApi: ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_API,
  SageMakerRuntime: ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_RUNTIME,
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Monitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
} as const;

/** props of a NetworkStack. */
export interface NetworkStackProps extends StackProps {
  /** the VPC settings of this stage */
  readonly network: NetworkConfig;
  /** prefix of physical names (alias of the flow-log key) */
  readonly namePrefix: string;
  /**
   * buckets of other accounts the VPC's workloads read through the S3 gateway endpoint (a stage
   * reads the tooling account's models bucket of its region)
   * @default - none: only this account's buckets and the region's ECR layer bucket
   */
  readonly readBucketNames?: readonly string[];
}

/**
 * a VPC with private isolated subnets only (no NAT gateway, no internet gateway), reaching AWS
 * services through an S3 gateway endpoint (this account's buckets, `readBucketNames` and ECR's
 * layer bucket only) and interface endpoints (this account's principals only), with VPC flow logs
 * to an encrypted log group.
 */
export class NetworkStack extends Stack {
  /** the VPC */
  public readonly vpc: ec2.Vpc;
  /** the security group of the interface endpoints (443 from the VPC only) */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;
  /** the S3 gateway endpoint (bucket policies name it in `aws:SourceVpce`) */
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  /** the interface endpoints, by their name in INTERFACE_ENDPOINTS */
  public readonly interfaceEndpoints: Readonly<Record<string, ec2.InterfaceVpcEndpoint>>;
  private readonly zoneCount: number;

  /**
   * the first Availability Zones of the region, resolved by CloudFormation at deploy time
   * (`Fn::GetAZs`) instead of a context lookup, so synth needs no credentials for stage accounts
   */
  public override get availabilityZones(): string[] {
    return Array.from({ length: this.zoneCount }, (_, i) => Fn.select(i, Fn.getAzs()));
  }

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { network } = props;
    this.zoneCount = network.maxAzs;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(network.cidr),
      maxAzs: network.maxAzs,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      enableDnsHostnames: true,
      enableDnsSupport: true,
      restrictDefaultSecurityGroup: false,
    });
    acknowledge(this.vpc, {
      ids: ['NIST.800.53.R5-VPCDefaultSecurityGroupClosed', 'HIPAA.Security-VPCDefaultSecurityGroupClosed', 'PCI.DSS.321-VPCDefaultSecurityGroupClosed'],
      reason:
        'the default security group is attached to nothing: every ENI in this VPC (interface endpoints, SageMaker model and training ENIs) gets its own security group, and the VPC has no internet or NAT gateway; closing it would need a custom-resource Lambda that brings findings of its own',
    });

    const flowLogKey = new EncryptionKey(this, 'FlowLogKey', {
      purpose: 'the VPC flow log group',
      alias: `${props.namePrefix}/flow-logs`,
      servicePrincipals: [`logs.${this.region}.amazonaws.com`],
    });
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
      encryptionKey: flowLogKey.key,
      retention: network.flowLogRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // a customer-managed policy rather than the inline policy CDK would add (no inline policies)
    const flowLogRole = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
      description: 'VPC flow logs: write to the flow log group',
    });
    new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      roles: [flowLogRole],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [flowLogGroup.logGroupArn],
        }),
      ],
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup, flowLogRole.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    const s3Endpoint = this.vpc.addGatewayEndpoint('S3Endpoint', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    restrictS3GatewayEndpoint(s3Endpoint, this.region, props.readBucketNames ?? []);
    this.s3Endpoint = s3Endpoint;

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(network.cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');

    const interfaceEndpoints: Record<string, ec2.InterfaceVpcEndpoint> = {};
    for (const [name, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      const endpoint = this.vpc.addInterfaceEndpoint(name, {
        service,
        privateDnsEnabled: true,
        securityGroups: [this.endpointSecurityGroup],
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        open: false,
      });
      restrictInterfaceEndpoint(endpoint);
      interfaceEndpoints[name] = endpoint;
    }
    this.interfaceEndpoints = interfaceEndpoints;
  }
}
