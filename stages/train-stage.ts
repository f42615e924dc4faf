import { Aws, Stage, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { StageProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CONTAINER_IMAGES } from '../containers/images';
import type { ContainerImageSource } from '../containers/images';
import type { AppConfig } from '../config';
import { modelsBucketName, regionalModelStoreStackName, regionsBeyondTooling, trainingDataBucketName, trainModelRoleArn } from '../config';
import { catalogueEntries } from '../config/model-definition';
import { MODELS_PREFIX } from '../config/training-identity';
import { endpointRoleArn } from './constructs/model-readers';
import { monitoringRoleArn } from './constructs/monitoring-execution-role';
import type { ModelReader } from './constructs/model-readers';
import { TrainingExecutionRole } from './constructs/training-execution-role';
import type { ModelArtifactLocation } from './model-artifact';
import { ModelStoreStack } from './model-store-stack';
import { NetworkStack } from './network-stack';
import { RegionalModelStoreStack } from './regional-model-store-stack';
import { TrainingStack } from './training-stack';
import { WorkspaceEndpoints } from './constructs/workspace-endpoints';
import { WorkspaceStack } from './workspace-stack';
import { ingestionRoleName } from '../config/workspace-names';
import { modelPackageGroupName } from '../config/registry-names';
import { analyzerImageUri } from '../config/model-monitor-image';
import { anyStageMonitored } from '../config/monitored-models';

/** props of a TrainStage. */
export interface TrainStageProps extends StageProps {
  /** the validated config */
  readonly config: AppConfig;
  /**
   * where the training image is built from
   * @default CONTAINER_IMAGES.training
   */
  readonly trainingImage?: ContainerImageSource;
}

/** the id of one of a network's interface endpoints. */
function requireEndpoint(network: NetworkStack, name: string): string {
  const endpoint = network.interfaceEndpoints[name];
  if (endpoint === undefined) throw new Error(`network ${network.stackName} has no ${name} interface endpoint; the workspace needs it for presigned URLs`);
  return endpoint.vpcEndpointId;
}

/** the endpoint roles of the stages that deploy to a region: the readers of that region's models bucket. */
function readersIn(config: AppConfig, region: string): ModelReader[] {
  return config.stages
    .filter((stage) => stage.regions.includes(region))
    .flatMap((stage) => [
      { stageName: stage.name, account: stage.account, roleArn: endpointRoleArn(config.project.prefix, stage.name, stage.account) },
      // Model Monitor's jobs read the served model's baseline (their own policy: only its baseline folder)
      ...(stage.endpoint.monitoring.enabled ? [{ stageName: `${stage.name}Monitor`, account: stage.account, roleArn: monitoringRoleArn(config.project.prefix, stage.name, stage.account) }] : []),
    ]);
}

/**
 * the tooling account's training stage: the model store (stateful, termination protection), a
 * VPC-only network for training jobs, and the training image with the permissions to use both;
 * plus, for every other region a stage deploys to, a regional model store in that region (SageMaker
 * reads a model only from its own region; the training step copies the model there). The training
 * itself is started by the pipeline step after this stage deploys (CloudFormation has no
 * training-job resource).
 */
export class TrainStage extends Stage {
  /** the model store */
  public readonly modelStore: ModelStoreStack;
  /**
   * the data scientists' workspace
   * @default - none unless the config has `workspace:`
   */
  public readonly workspace?: WorkspaceStack;
  /**
   * the workspace's own network
   * @default - none: the workspace shares the training network
   */
  public readonly workspaceNetwork?: NetworkStack;
  /** the training network */
  public readonly network: NetworkStack;
  /** the training image, security group and outputs */
  public readonly training: TrainingStack;
  /** the regional model stores, by region (the regions stages deploy to other than the tooling region) */
  public readonly regionalModelStores: Readonly<Record<string, RegionalModelStoreStack>>;
  /** where this commit's models are stored in the tooling region (see modelArtifactIn for the others) */
  public readonly modelArtifact: ModelArtifactLocation;
  /** the models bucket of each region that has one (physical names, no cross-stack references) */
  private readonly modelsBuckets: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: TrainStageProps) {
    super(scope, id, { ...props, env: { account: props.config.tooling.account, region: props.config.tooling.region } });
    const { config } = props;
    const prefix = config.project.prefix;
    const modelWriterRoleArn = trainModelRoleArn(config, Aws.PARTITION);

    this.network = new NetworkStack(this, 'TrainingNetwork', {
      stackName: `${prefix}-training-network`,
      description: `${config.project.name}: VPC-only network of training jobs`,
      network: config.training.network,
      namePrefix: `${prefix}-training`,
    });

    const workspace = config.workspace;
    if (workspace?.network) {
      this.workspaceNetwork = new NetworkStack(this, 'WorkspaceNetwork', {
        stackName: `${prefix}-workspace-network`,
        description: `${config.project.name}: VPC-only network of the data-science workspace`,
        network: workspace.network,
        namePrefix: `${prefix}-workspace`,
      });
    }
    const workspaceNetwork = this.workspaceNetwork ?? this.network;
    const workspaceEndpoints = workspace
      ? new WorkspaceEndpoints(workspaceNetwork, 'WorkspaceEndpoints', { vpc: workspaceNetwork.vpc, securityGroup: workspaceNetwork.endpointSecurityGroup, kind: workspace.kind })
      : undefined;

    this.modelStore = new ModelStoreStack(this, 'ModelStore', {
      stackName: `${prefix}-model-store`,
      description: `${config.project.name}: training data, models, their key and the training role (stateful)`,
      namePrefix: prefix,
      modelsBucketName: modelsBucketName(config),
      trainingDataBucketName: trainingDataBucketName(config),
      readers: readersIn(config, config.tooling.region),
      trainingDataAccess: workspace
        ? {
            endpointIds: [...new Set([this.network.s3Endpoint.vpcEndpointId, workspaceNetwork.s3Endpoint.vpcEndpointId])],
            ingestionPrincipals: workspace.data.ingestionPrincipals,
            ingestionRoleName: ingestionRoleName(config),
          }
        : undefined,
      modelWriterRoleArn,
      baselineJobs: anyStageMonitored(config),
      registry: {
        projectName: config.project.name,
        models: config.models.map((model) => ({ modelName: model.name, groupName: modelPackageGroupName(config, model.name) })),
        readerAccounts: config.stages.map((stage) => stage.account).filter((account) => account !== config.tooling.account),
      },
    });

    const regionalModelStores: Record<string, RegionalModelStoreStack> = {};
    for (const region of regionsBeyondTooling(config)) {
      regionalModelStores[region] = new RegionalModelStoreStack(this, `ModelStore-${region}`, {
        stackName: regionalModelStoreStackName(config, region),
        description: `${config.project.name}: regional copies of the models in ${region} (stateful)`,
        env: { account: config.tooling.account, region },
        namePrefix: prefix,
        modelsBucketName: modelsBucketName(config, region),
        readers: readersIn(config, region),
        modelWriterRoleArn,
      });
    }
    this.regionalModelStores = regionalModelStores;

    this.training = new TrainingStack(this, 'Training', {
      stackName: `${prefix}-training`,
      description: `${config.project.name}: training image, security group and permissions`,
      image: props.trainingImage ?? CONTAINER_IMAGES.training,
      vpc: this.network.vpc,
      trainingRoleName: TrainingExecutionRole.roleNameFor(prefix),
      catalogueFor: (fingerprint) => catalogueEntries(config, fingerprint),
      sources: config.models.flatMap((model) => (model.code ? [{ name: model.name, bundle: model.code }] : [])),
      baselineImageUri: anyStageMonitored(config) ? analyzerImageUri(config.tooling.region) : undefined,
    });
    this.training.addStackDependency(this.modelStore, 'the training policy attaches to the model store\'s training role');

    if (workspace && workspaceEndpoints) {
      this.workspace = new WorkspaceStack(this, 'Workspace', {
        stackName: `${prefix}-workspace`,
        description: `${config.project.name}: the data scientists' private ${workspace.kind === 'studio' ? 'Studio domain' : 'notebooks'}`,
        project: config.project,
        workspace,
        vpc: workspaceNetwork.vpc,
        endpointSecurityGroup: workspaceNetwork.endpointSecurityGroup,
        apiEndpointId: requireEndpoint(workspaceNetwork, 'SageMakerApi'),
        uiEndpointId: workspaceEndpoints.uiEndpoint.vpcEndpointId,
        dataBucketName: trainingDataBucketName(config),
        dataKey: this.modelStore.key.key,
        training: {
          subnetIds: this.network.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
          securityGroupId: this.training.securityGroup.securityGroupId,
          roleArn: this.modelStore.trainingRole.role.roleArn,
          keyArn: this.modelStore.key.key.keyArn,
          instanceTypes: [config.training.instanceType],
          maxRuntimeSeconds: config.training.maxRuntimeSeconds,
        },
      });
    }

    this.modelsBuckets = Object.fromEntries([config.tooling.region, ...Object.keys(regionalModelStores)].map((region) => [region, modelsBucketName(config, region)]));
    this.modelArtifact = { bucketName: modelsBucketName(config), region: config.tooling.region, key: this.training.modelKey, prefix: MODELS_PREFIX, models: this.training.modelKeys };
    Tags.of(this).add('mlpipe:project', prefix);
    Tags.of(this).add('mlpipe:stage', id);
  }

  /**
   * where this commit's model is stored in a region: the home models bucket in the tooling region,
   * the regional model store's bucket elsewhere (SageMaker reads model data only in its own region)
   */
  public modelArtifactIn(region: string): ModelArtifactLocation {
    const bucketName = this.modelsBuckets[region];
    if (bucketName === undefined) {
      throw new Error(`the Train stage has no models bucket in ${region} (only in ${Object.keys(this.modelsBuckets).join(', ')}); add ${region} to a stage's regions in the config so the Train stage deploys a model store there`);
    }
    return { ...this.modelArtifact, bucketName, region };
  }
}
