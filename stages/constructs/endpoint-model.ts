import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import type { EndpointConfig } from '../../config';
import { ENDPOINT_TYPE_VARIABLE } from '../../containers/serving/src/server-config';
import type { EndpointType } from '../../containers/serving/src/server-config';
import type { ModelArtifactLocation } from '../model-artifact';

/** props of an EndpointModel. */
export interface EndpointModelProps {
  /** the endpoint settings of the stage */
  readonly endpoint: EndpointConfig;
  /** the serving image URI */
  readonly imageUri: string;
  /**
   * the container environment of a framework image (see modelServingImage)
   * @default - the sample serving container's: the endpoint type it enforces payload limits for
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** where the model is stored */
  readonly modelArtifact: ModelArtifactLocation;
  /** the role SageMaker assumes */
  readonly executionRole: iam.IRole;
  /**
   * the VPC and the private subnets the model's network interfaces go in
   * @default - no VPC (serverless endpoints only)
   */
  readonly network?: { readonly vpc: ec2.IVpc; readonly subnets: readonly ec2.ISubnet[]; readonly securityGroup: ec2.ISecurityGroup };
}

/**
 * the SageMaker model: the serving image with this commit's model artifact (or, for a multi-model
 * endpoint, the models prefix), in the stage VPC with network isolation when it runs on instances.
 */
export class EndpointModel extends Construct {
  /** the model */
  public readonly model: CfnModel;

  constructor(scope: Construct, id: string, props: EndpointModelProps) {
    super(scope, id);
    const { bucketName, key, prefix } = props.modelArtifact;
    const multiModel = props.endpoint.kind === 'multiModel';
    // the server refuses requests and answers over InvokeEndpoint's limit there (4 MB serverless, 6 MB otherwise)
    const endpointType: EndpointType = props.endpoint.kind === 'serverless' ? 'serverless' : 'real-time';
    this.model = new CfnModel(this, 'Model', {
      executionRoleArn: props.executionRole.roleArn,
      primaryContainer: {
        image: props.imageUri,
        modelDataUrl: `s3://${bucketName}/${multiModel ? prefix : key}`,
        mode: multiModel ? 'MultiModel' : 'SingleModel',
        multiModelConfig: multiModel ? { modelCacheSetting: props.endpoint.multiModel?.modelCache === false ? 'Disabled' : 'Enabled' } : undefined,
        environment: props.environment ? { ...props.environment } : { [ENDPOINT_TYPE_VARIABLE]: endpointType },
      },
      vpcConfig: props.network
        ? { subnets: props.network.subnets.map((s) => s.subnetId), securityGroupIds: [props.network.securityGroup.securityGroupId] }
        : undefined,
      enableNetworkIsolation: props.network ? true : undefined,
    });
  }
}

/**
 * the security group of the model's network interfaces: nothing inbound, HTTPS outbound (the VPC
 * has no internet route, so that reaches only the S3 gateway and the interface endpoints).
 */
export function modelSecurityGroup(scope: Construct, id: string, vpc: ec2.IVpc): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(scope, id, { vpc, description: 'SageMaker model ENIs: no inbound, HTTPS to VPC endpoints', allowAllOutbound: false });
  group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the S3 gateway and interface endpoints (no internet route exists)');
  return group;
}
