import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { NetworkStack } from '../../stages/network-stack';
import { testConfig } from '../helpers/test-config';

describe('network stack', () => {
  let template: Template;
  beforeAll(() => {
    const config = testConfig({ defaults: { network: { cidr: '10.30.0.0/16', maxAzs: 3, flowLogRetentionDays: 90 } } });
    const stack = new NetworkStack(new App(), 'Network', { env: { account: '222222222222', region: 'eu-west-1' }, network: config.stages[0].network, namePrefix: 'tst-staging' });
    template = Template.fromStack(stack);
  });

  test('has private isolated subnets in as many AZs as configured, and no NAT or internet gateway', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.30.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true });
    template.resourceCountIs('AWS::EC2::Subnet', 3);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    const zones = Object.values(template.findResources('AWS::EC2::Subnet')).map((s) => JSON.stringify(s.Properties.AvailabilityZone));
    expect(new Set(zones).size).toBe(3);
    expect(zones.join()).toContain('Fn::GetAZs');
  });

  test('reaches S3 through a gateway endpoint on the private route tables', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      RouteTableIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1RouteTable') }]),
    });
  });

  test('has private-DNS interface endpoints for SageMaker, ECR, logs, metrics and STS', () => {
    const services = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } })).map((e) => {
      expect(e.Properties.PrivateDnsEnabled).toBe(true);
      return String(e.Properties.ServiceName).replace('com.amazonaws.eu-west-1.', '');
    });
    expect(services.sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'monitoring', 'sagemaker.api', 'sagemaker.runtime', 'sts']);
  });

  test('endpoint security group allows only HTTPS from the VPC CIDR', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.30.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  test('logs all VPC traffic to a log group encrypted with a rotating key, through a managed policy', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90, KmsKeyId: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['Arn']) }) });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'] })] },
    });
  });
});
