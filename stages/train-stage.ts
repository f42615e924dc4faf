import { Stage, Tags } from 'aws-cdk-lib';
import type { StageProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CONTAINER_IMAGES } from '../containers/images';
import type { ContainerImageSource } from '../containers/images';
import type { AppConfig } from '../config';
import { modelsBucketName, trainingDataBucketName } from '../config';
import { modelKeyFor } from '../config/model-definition';
import { MODELS_PREFIX } from '../config/training-identity';
import { endpointRoleArnPattern } from './constructs/model-readers';
import { TrainingExecutionRole } from './constructs/training-execution-role';
import type { ModelArtifactLocation } from './model-artifact';
import { ModelStoreStack } from './model-store-stack';
import { NetworkStack } from './network-stack';
import { TrainingStack } from './training-stack';

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

/**
 * the tooling account's training stage: the model store (stateful, termination protection), a
 * VPC-only network for training jobs, and the training image with the permissions to use both.
 * The training itself is started by the pipeline step after this stage deploys (CloudFormation
 * has no training-job resource).
 */
export class TrainStage extends Stage {
  /** the model store */
  public readonly modelStore: ModelStoreStack;
  /** the training network */
  public readonly network: NetworkStack;
  /** the training image, security group and outputs */
  public readonly training: TrainingStack;
  /** where this commit's model is stored: what the endpoint stages serve */
  public readonly modelArtifact: ModelArtifactLocation;

  constructor(scope: Construct, id: string, props: TrainStageProps) {
    super(scope, id, { ...props, env: { account: props.config.tooling.account, region: props.config.tooling.region } });
    const { config } = props;
    const prefix = config.project.prefix;

    this.modelStore = new ModelStoreStack(this, 'ModelStore', {
      stackName: `${prefix}-model-store`,
      description: `${config.project.name}: training data, models, their key and the training role (stateful)`,
      namePrefix: prefix,
      modelsBucketName: modelsBucketName(config),
      trainingDataBucketName: trainingDataBucketName(config),
      readers: config.stages.map((stage) => ({
        stageName: stage.name,
        account: stage.account,
        roleArnPattern: endpointRoleArnPattern(prefix, stage.name, stage.account),
      })),
    });

    this.network = new NetworkStack(this, 'TrainingNetwork', {
      stackName: `${prefix}-training-network`,
      description: `${config.project.name}: VPC-only network of training jobs`,
      network: config.training.network,
      namePrefix: `${prefix}-training`,
    });

    this.training = new TrainingStack(this, 'Training', {
      stackName: `${prefix}-training`,
      description: `${config.project.name}: training image, security group and permissions`,
      image: props.trainingImage ?? CONTAINER_IMAGES.training,
      vpc: this.network.vpc,
      trainingRoleName: TrainingExecutionRole.roleNameFor(prefix),
      modelKeyFor: (fingerprint) => modelKeyFor(config, fingerprint),
    });
    this.training.addStackDependency(this.modelStore, 'the training policy attaches to the model store\'s training role');

    this.modelArtifact = { bucketName: modelsBucketName(config), key: this.training.modelKey, prefix: MODELS_PREFIX };
    Tags.of(this).add('mlpipe:project', prefix);
    Tags.of(this).add('mlpipe:stage', id);
  }
}
