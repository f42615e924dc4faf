import type { Template } from 'aws-cdk-lib/assertions';
import { workspaceApp } from './workspace-test-app';

/**
 * the lesson's trap: an outbound network ACL that blocks "the internet" also blocks the
 * notebooks' HTTPS to the SageMaker API. Nothing between the workspace subnets and the interface
 * endpoints may block 443: no network ACL beyond the VPC's default (which allows all), the
 * workspace's security group lets 443 out to the endpoints' group, and the endpoints' group lets
 * 443 in from a range holding every workspace subnet.
 */

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (t: Template): Record<string, Resource> => t.toJSON().Resources as Record<string, Resource>;

function ipv4(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}
/** whether CIDR `inner` lies inside CIDR `outer`. */
function within(inner: string, outer: string): boolean {
  const [innerBase, innerBits] = inner.split('/');
  const [outerBase, outerBits] = outer.split('/');
  if (Number(innerBits) < Number(outerBits)) return false;
  const size = 2 ** (32 - Number(outerBits));
  return Math.floor(ipv4(innerBase) / size) === Math.floor(ipv4(outerBase) / size);
}
/** whether a rule's port range admits 443/tcp. */
const admits443 = (rule: Record<string, unknown>) => (rule.IpProtocol === 'tcp' || rule.IpProtocol === '-1') && (rule.IpProtocol === '-1' || (Number(rule.FromPort) <= 443 && Number(rule.ToPort) >= 443));

describe.each(['studio', 'notebook'] as const)('nothing blocks 443 from the %s workspace subnets to the endpoints', (kind) => {
  const app = workspaceApp(kind);
  const network = resources(app.network);
  const workspace = resources(app.workspace);

  test('there is no network ACL: every subnet keeps the default ACL, which allows all traffic', () => {
    for (const template of [network, workspace]) {
      const acls = Object.values(template).filter((r) => r.Type.startsWith('AWS::EC2::NetworkAcl') || r.Type === 'AWS::EC2::SubnetNetworkAclAssociation');
      expect(acls).toEqual([]);
    }
  });

  test('the workspace security group lets 443 out to the endpoints\' security group', () => {
    const [sgId] = Object.entries(workspace).find(([, r]) => r.Type === 'AWS::EC2::SecurityGroup' && String(r.Properties.GroupDescription).startsWith('workspace')) ?? [];
    expect(sgId).toBeDefined();
    const egress = (workspace[sgId ?? ''].Properties.SecurityGroupEgress as Record<string, unknown>[]) ?? [];
    const toEndpoints = [
      ...egress,
      ...Object.values(workspace).filter((r) => r.Type === 'AWS::EC2::SecurityGroupEgress' && JSON.stringify(r.Properties.GroupId).includes(sgId ?? '')).map((r) => r.Properties),
    ].filter((rule) => admits443(rule) && JSON.stringify(rule.DestinationSecurityGroupId ?? '').includes('EndpointSecurityGroup'));
    expect(toEndpoints).toHaveLength(1);
  });

  test('the endpoints\' security group lets 443 in from a range that holds every workspace subnet, and every interface endpoint uses it in those subnets', () => {
    const [endpointSgId, endpointSg] = Object.entries(network).find(([id, r]) => r.Type === 'AWS::EC2::SecurityGroup' && id.startsWith('EndpointSecurityGroup')) ?? [];
    const ranges = ((endpointSg?.Properties.SecurityGroupIngress as Record<string, unknown>[]) ?? []).filter(admits443).map((rule) => String(rule.CidrIp));
    const subnets = Object.entries(network).filter(([, r]) => r.Type === 'AWS::EC2::Subnet');
    expect(subnets.length).toBeGreaterThanOrEqual(2);
    for (const [, subnet] of subnets) expect(ranges.some((range) => within(String(subnet.Properties.CidrBlock), range))).toBe(true);
    const interfaceEndpoints = Object.values(network).filter((r) => r.Type === 'AWS::EC2::VPCEndpoint' && r.Properties.VpcEndpointType === 'Interface');
    expect(interfaceEndpoints.length).toBeGreaterThanOrEqual(8);
    for (const endpoint of interfaceEndpoints) {
      expect(JSON.stringify(endpoint.Properties.SecurityGroupIds)).toContain(endpointSgId);
      expect((endpoint.Properties.SubnetIds as unknown[]).map((s) => JSON.stringify(s)).sort()).toEqual(subnets.map(([id]) => JSON.stringify({ Ref: id })).sort());
    }
  });

  test('the endpoints the workspace needs without internet are all there: SageMaker API, runtime, the UI, STS, Logs, ECR, and the S3 gateway', () => {
    const services = Object.values(network).filter((r) => r.Type === 'AWS::EC2::VPCEndpoint').map((r) => JSON.stringify(r.Properties.ServiceName));
    const ui = kind === 'studio' ? '.studio' : '.notebook';
    for (const suffix of ['.sagemaker.api', '.sagemaker.runtime', ui, '.sts', '.logs', '.ecr.api', '.ecr.dkr', '.s3']) {
      expect(services.filter((s) => s.includes(suffix))).not.toEqual([]);
    }
  });

  test('no route leaves the VPC except through the S3 gateway endpoint', () => {
    const routes = Object.values(network).filter((r) => r.Type === 'AWS::EC2::Route');
    expect(routes).toEqual([]);
    expect(Object.values(network).filter((r) => ['AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::EgressOnlyInternetGateway', 'AWS::EC2::TransitGatewayAttachment'].includes(r.Type))).toEqual([]);
  });
});
