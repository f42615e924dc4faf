import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { CONTAINER_IMAGES, dockerImageAssetProps } from '../containers/images';
import { servingImage } from './serving-image';
import type { ContainerImageSource } from '../containers/images';
import type { CatalogueEntry } from '../config/model-definition';
import { acknowledge } from '../compliance/acknowledge';
import { acknowledgeScopedWildcards } from './constructs/scoped-wildcards';
import { FrameworkTrainingAccess } from './constructs/framework-training-access';
import type { ModelSourceBundle } from './constructs/framework-training-access';

/** props of a TrainingStack. */
export interface TrainingStackProps extends StackProps {
  /** where the training image is built from (`CONTAINER_IMAGES.training`) */
  readonly image: ContainerImageSource;
  /** the VPC training jobs attach to (private subnets only) */
  readonly vpc: ec2.IVpc;
  /** the name of the training execution role (defined by the model store) */
  readonly trainingRoleName: string;
  /**
   * the catalogue's models with their content-addressed keys for a training image fingerprint
   * (the image's asset hash), in catalogue order; the keys are an output the training step checks
   * against its own computation
   */
  readonly catalogueFor: (imageFingerprint: string) => readonly CatalogueEntry[];
  /**
   * where the serving image is built from: published to the tooling account too, so the model
   * registry's versions name an inference image in their own account and region
   * @default CONTAINER_IMAGES.serving
   */
  readonly servingImage?: ContainerImageSource;
  /**
   * the packed sourceDirs of the script-mode models, published as file assets
   * @default - none: no model trains in script mode
   */
  readonly sources?: readonly ModelSourceBundle[];
  /**
   * Model Monitor's analyzer image of the tooling region, which the monitored models' baseline jobs
   * run (as the training role): the role may pull it
   * @default - no stage is monitored: no baseline jobs
   */
  readonly baselineImageUri?: string;
}

/**
 * what a training run needs besides the model store: the training image (built and published by
 * the pipeline's Assets stage), the security group of the training instances, and the
 * permissions of the training role to pull that image and attach to the VPC. Its outputs are the
 * names the training step reads.
 */
export class TrainingStack extends Stack {
  /** the training image */
  public readonly image: ecrAssets.DockerImageAsset;
  /** the training instances' security group (they talk to each other in distributed training) */
  public readonly securityGroup: ec2.SecurityGroup;
  /** output: the training image URI */
  public readonly imageUriOutput: CfnOutput;
  /** output: comma-separated private subnet ids */
  public readonly subnetIdsOutput: CfnOutput;
  /** output: the security group id */
  public readonly securityGroupIdOutput: CfnOutput;
  /** the content-addressed key of the catalogue's first model */
  public readonly modelKey: string;
  /** output: the first model's key synth expects */
  public readonly modelKeyOutput: CfnOutput;
  /** the content-addressed key of every model of the catalogue, by name, in catalogue order */
  public readonly modelKeys: Readonly<Record<string, string>>;
  /** output: every model's key synth expects, a JSON object of model name to key */
  public readonly modelKeysOutput: CfnOutput;
  /** output: the serving image the model registry's versions name (the Train step's SERVING_IMAGE_URI) */
  public readonly servingImageUriOutput: CfnOutput;
  /** output: the S3 URI of each script-mode model's packed sourceDir, a JSON object of model name to URI */
  public readonly sourceArchivesOutput: CfnOutput;

  constructor(scope: Construct, id: string, props: TrainingStackProps) {
    super(scope, id, props);
    this.image = new ecrAssets.DockerImageAsset(this, 'TrainingImage', dockerImageAssetProps(props.image));

    this.securityGroup = new ec2.SecurityGroup(this, 'TrainingSecurityGroup', {
      vpc: props.vpc,
      description: 'SageMaker training instances: traffic between the hosts of one job; data through the S3 gateway endpoint',
      allowAllOutbound: true,
    });
    this.securityGroup.addIngressRule(this.securityGroup, ec2.Port.allTraffic(), 'distributed training: hosts of one job talk to each other');
    acknowledge(this.securityGroup, {
      ids: ['NIST.800.53.R5-EC2RestrictedCommonPorts', 'HIPAA.Security-EC2RestrictedCommonPorts', 'PCI.DSS.321-EC2RestrictedCommonPorts'],
      reason: 'the only ingress rule admits members of this same security group (the hosts of one training job, which SageMaker requires to reach each other on framework-chosen ports); nothing outside the group, and the VPC has no internet or NAT gateway',
    });

    const subnets = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    const eni = `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:network-interface/*`;
    const subnetArn = (subnetId: string) => `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:subnet/${subnetId}`;
    const sgArn = `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:security-group/${this.securityGroup.securityGroupId}`;
    const createEni = new iam.PolicyStatement({
      sid: 'CreateTrainingEnis',
      actions: ['ec2:CreateNetworkInterface'],
      resources: [eni, sgArn, ...subnets.subnetIds.map(subnetArn)],
    });
    const manageEni = new iam.PolicyStatement({
      sid: 'ManageTrainingEnis',
      actions: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
      resources: [eni],
      conditions: { ArnEquals: { 'ec2:Subnet': subnets.subnetIds.map(subnetArn) } },
    });
    const describe = new iam.PolicyStatement({
      sid: 'DescribeNetwork',
      actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
      resources: ['*'],
    });
    const pullImage = new iam.PolicyStatement({
      sid: 'PullTrainingImage',
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      resources: [this.image.repository.repositoryArn],
    });
    const ecrToken = new iam.PolicyStatement({ sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] });
    const catalogue = props.catalogueFor(this.image.assetHash);
    const frameworks = new FrameworkTrainingAccess(this, 'Frameworks', {
      sources: props.sources,
      trainingImageUris: catalogue.flatMap((entry) => (entry.trainingImageUri ? [entry.trainingImageUri] : [])),
      analyzerImageUri: props.baselineImageUri,
    });
    const policy = new iam.ManagedPolicy(this, 'TrainingImageAndNetworkPolicy', {
      description: 'SageMaker training: pull the training image and attach to the training VPC',
      roles: [iam.Role.fromRoleName(this, 'TrainingRole', props.trainingRoleName)],
      statements: [createEni, manageEni, describe, pullImage, ecrToken, ...frameworks.statements],
    });
    acknowledgeScopedWildcards(policy, [
      { statement: createEni, reason: 'SageMaker creates one ENI per training instance with an id it chooses; the new ENI must sit in this VPC\'s private subnets with this security group, which the subnet and security-group resources of the statement enforce' },
      { statement: manageEni, reason: 'SageMaker deletes the ENIs it created for a job, with ids unknown in advance; the grant is limited to network interfaces of this account and region in the training subnets (ec2:Subnet condition)' },
      { statement: describe, reason: 'the EC2 Describe* calls SageMaker makes to validate the VPC config are read-only and support no resource-level permissions' },
      { statement: ecrToken, reason: 'ecr:GetAuthorizationToken is a read-only login call that supports no resource-level permissions; image pulls are limited to the asset repository by the PullTrainingImage statement' },
    ]);

    this.imageUriOutput = new CfnOutput(this, 'TrainingImageUri', { value: this.image.imageUri, description: 'the training image (tagged with its asset hash)' });
    this.subnetIdsOutput = new CfnOutput(this, 'TrainingSubnetIds', { value: subnets.subnetIds.join(','), description: 'private subnets of training jobs' });
    this.securityGroupIdOutput = new CfnOutput(this, 'TrainingSecurityGroupId', { value: this.securityGroup.securityGroupId, description: 'security group of training jobs' });
    if (catalogue.length === 0) throw new Error('the model catalogue is empty; list at least one model under models: (or leave models: out to train the training: block)');
    this.modelKeys = Object.fromEntries(catalogue.map((entry) => [entry.name, entry.key]));
    this.modelKey = catalogue[0].key;
    this.modelKeyOutput = new CfnOutput(this, 'ModelKey', { value: this.modelKey, description: `the content-addressed key of model ${catalogue[0].name}, the catalogue's first` });
    this.servingImageUriOutput = new CfnOutput(this, 'ServingImageUri', {
      value: servingImage(this, 'ServingImage', props.servingImage ?? CONTAINER_IMAGES.serving).imageUri,
      description: 'the serving image the model registry\'s versions are registered with',
    });
    this.modelKeysOutput = new CfnOutput(this, 'ModelKeys', { value: JSON.stringify(this.modelKeys), description: 'the content-addressed key of every model of the catalogue, by name (JSON)' });
    this.sourceArchivesOutput = new CfnOutput(this, 'SourceArchives', { value: this.toJsonString(frameworks.archives), description: 'the packed sourceDir of every script-mode model, by name (JSON of S3 URIs)' });
  }
}
