import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';
import type { ModelArtifactLocation } from '../model-artifact';
import { nagResource } from './nag-resource';

/** props of an EndpointExecutionRole. */
export interface EndpointExecutionRoleProps {
  /** the endpoint's name (its CloudWatch log group is `/aws/sagemaker/Endpoints/<name>`) */
  readonly endpointName: string;
  /**
   * the role's name: the model store's bucket and key policies admit stage roles by name pattern
   * (`<prefix>-<stage>-endpoint-*`, see constructs/model-readers.ts)
   */
  readonly roleName: string;
  /** where the model is stored */
  readonly modelArtifact: ModelArtifactLocation;
  /** true: the model reads any model under the models prefix (multi-model endpoint) */
  readonly multiModel: boolean;
  /** the account and region of the models bucket and its KMS key (the tooling account, the endpoint's region) */
  readonly modelStore: { readonly account: string; readonly region: string };
  /** the ECR repository of the serving image */
  readonly repositoryArn: string;
  /**
   * the subnets and security group of the model's network interfaces
   * @default - no VPC permissions (serverless)
   */
  readonly network?: { readonly subnets: readonly ec2.ISubnet[]; readonly securityGroup: ec2.ISecurityGroup };
  /**
   * the data capture bucket and the key its objects are encrypted with
   * @default - no data capture permissions
   */
  readonly dataCapture?: { readonly bucket: s3.IBucket; readonly key: kms.IKey };
}

/** the part of an object key up to and including its last `/` (`models/abc/` of `models/abc/model.tar.gz`). */
function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

/**
 * the role SageMaker assumes to host the model, with one customer-managed policy: read exactly this
 * model's folder (or the models prefix for multi-model), pull exactly the serving repository, decrypt
 * with the models key through S3 only, write the endpoint's own log group, manage its own network
 * interfaces in the stage subnets, and write captured data.
 */
export class EndpointExecutionRole extends Construct {
  /** the role */
  public readonly role: iam.Role;
  /** its only policy */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: EndpointExecutionRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { bucketName, key, prefix } = props.modelArtifact;
    const bucketArn = `arn:${stack.partition}:s3:::${bucketName}`;
    const readable = `${bucketArn}/${props.multiModel ? prefix : folderOf(key)}*`;
    const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws/sagemaker/Endpoints/${props.endpointName}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const modelKeys = `arn:${stack.partition}:kms:${props.modelStore.region}:${props.modelStore.account}:key/*`;

    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      // confused deputy: SageMaker may assume it only on behalf of this account
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': stack.account } }),
      description: `SageMaker execution role of endpoint ${props.endpointName}`,
    });
    const statements = [
      new iam.PolicyStatement({ sid: 'ReadModel', actions: ['s3:GetObject'], resources: [readable] }),
      new iam.PolicyStatement({
        sid: 'DecryptModelThroughS3',
        actions: ['kms:Decrypt'],
        resources: [modelKeys],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${props.modelStore.region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, readable] },
        },
      }),
      new iam.PolicyStatement({ sid: 'PullServingImage', actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'], resources: [props.repositoryArn] }),
      new iam.PolicyStatement({ sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'WriteEndpointLogs',
        // the endpoint stack creates the group (encrypted, with a retention): no CreateLogGroup
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [logGroupArn, `${logGroupArn}:log-stream:*`],
      }),
    ];
    if (props.network) statements.push(...this.networkStatements(props.network));
    if (props.dataCapture) {
      statements.push(
        new iam.PolicyStatement({ sid: 'WriteCapturedData', actions: ['s3:PutObject'], resources: [this.captureObjects(props.dataCapture.bucket)] }),
        new iam.PolicyStatement({ sid: 'EncryptCapturedData', actions: ['kms:Encrypt', 'kms:GenerateDataKey'], resources: [props.dataCapture.key.keyArn] }),
      );
    }
    this.policy = new iam.ManagedPolicy(this, 'Policy', { roles: [this.role], statements });
    this.acknowledgeWildcards(props, readable, modelKeys, logGroupArn);
  }

  /** the objects SageMaker writes captured data to. */
  private captureObjects(bucket: s3.IBucket): string {
    return bucket.arnForObjects('capture/*');
  }

  private networkStatements(network: NonNullable<EndpointExecutionRoleProps['network']>): iam.PolicyStatement[] {
    const stack = Stack.of(this);
    const subnetArns = network.subnets.map((s) => stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: s.subnetId }));
    const interfaces = stack.formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' });
    const securityGroupArn = stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: network.securityGroup.securityGroupId });
    return [
      new iam.PolicyStatement({ sid: 'CreateInterfacesInStageSubnets', actions: ['ec2:CreateNetworkInterface'], resources: [interfaces, securityGroupArn, ...subnetArns] }),
      new iam.PolicyStatement({
        sid: 'ManageOwnInterfaces',
        actions: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
        resources: [interfaces],
        conditions: { ArnEquals: { 'ec2:Subnet': subnetArns } },
      }),
      new iam.PolicyStatement({
        sid: 'DescribeNetwork',
        actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
        resources: ['*'],
      }),
    ];
  }

  private acknowledgeWildcards(props: EndpointExecutionRoleProps, readable: string, modelKeys: string, logGroupArn: string): void {
    const ids = [readable, modelKeys, `${logGroupArn}:log-stream:*`, '*'].map((r) => `AwsSolutions-IAM5[Resource::${nagResource(this, r)}]`);
    if (props.dataCapture) ids.push(`AwsSolutions-IAM5[Resource::${nagResource(this, this.captureObjects(props.dataCapture.bucket))}]`);
    if (props.network) {
      ids.push(`AwsSolutions-IAM5[Resource::${nagResource(this, Stack.of(this).formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' }))}]`);
    }
    acknowledge(this.policy, {
      ids,
      reason:
        'wildcards are bounded: the model folder (or models prefix for multi-model) of one bucket; models-account keys usable only through S3 for objects of that prefix; log streams of this endpoint only; captured data under capture/ of the capture bucket only; ecr:GetAuthorizationToken and ec2:Describe* have no resource-level permissions; network interfaces only in the stage subnets',
    });
  }
}
