import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/** what kind of workspace an endpoint serves. */
export type WorkspaceKind = 'studio' | 'notebook';

/** props of WorkspaceEndpoints. */
export interface WorkspaceEndpointsProps {
  /** the VPC the workspace runs in (a NetworkStack's VPC: it has the SageMaker API, runtime, STS, Logs and ECR endpoints already) */
  readonly vpc: ec2.IVpc;
  /** the security group of the VPC's interface endpoints (HTTPS from inside the VPC) */
  readonly securityGroup: ec2.ISecurityGroup;
  /** studio: the `aws.sagemaker.<region>.studio` endpoint; notebook: `aws.sagemaker.<region>.notebook` */
  readonly kind: WorkspaceKind;
}

/**
 * the one interface endpoint a workspace adds to a network that already serves SageMaker
 * training: the browser's way to Studio or to the notebook's Jupyter server without the internet.
 * Presigned URLs are requested through the VPC's SageMaker API endpoint, which the network has.
 */
export class WorkspaceEndpoints extends Construct {
  /** the Studio or notebook endpoint */
  public readonly uiEndpoint: ec2.InterfaceVpcEndpoint;

  constructor(scope: Construct, id: string, props: WorkspaceEndpointsProps) {
    super(scope, id);
    this.uiEndpoint = new ec2.InterfaceVpcEndpoint(this, props.kind === 'studio' ? 'Studio' : 'Notebook', {
      vpc: props.vpc,
      service: props.kind === 'studio' ? ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_STUDIO : ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_NOTEBOOK,
      privateDnsEnabled: true,
      securityGroups: [props.securityGroup],
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      open: false,
    });
  }
}
