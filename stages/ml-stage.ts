import { Stage, Tags } from 'aws-cdk-lib';
import type { StageProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AppConfig, StageConfig } from '../config';
import { endpointInVpc } from '../config/endpoint-rules';
import type { ModelArtifactLocation } from './model-artifact';
import { EndpointStack } from './endpoint-stack';
import { NetworkStack } from './network-stack';
import { SmokeTestRole } from './constructs/smoke-test-role';

/** props of an MlStage. */
export interface MlStageProps extends StageProps {
  /** the whole config (for names shared across stages) */
  readonly config: AppConfig;
  /** this stage's settings */
  readonly stage: StageConfig;
  /** the region this instance of the stage deploys to (one of `stage.regions`) */
  readonly region: string;
  /** where the model this stage serves is stored, in `region` (see TrainStage.modelArtifactIn) */
  readonly modelArtifact: ModelArtifactLocation;
}

/**
 * everything one stage deploys into one account and region: the network first when the endpoint
 * runs in a VPC (instance and multi-model kinds; a serverless endpoint cannot), then the model
 * endpoint. Defines what is deployed, never how (no CDK Pipelines import), so it is testable alone.
 */
export class MlStage extends Stage {
  /** the VPC-only network; undefined when nothing of the stage runs in a VPC (a serverless endpoint) */
  public readonly network: NetworkStack | undefined;
  /** the model endpoint, in the network's VPC when there is one */
  public readonly endpoint: EndpointStack;

  constructor(scope: Construct, id: string, props: MlStageProps) {
    super(scope, id, { ...props, env: { account: props.stage.account, region: props.region } });
    const { config, stage } = props;
    const prefix = `${config.project.prefix}-${stage.name.toLowerCase()}`;

    this.network = endpointInVpc(stage.endpoint)
      ? new NetworkStack(this, 'Network', {
          stackName: `${prefix}-network`,
          description: `${config.project.name}: VPC-only network of stage ${stage.name}`,
          network: stage.network,
          namePrefix: prefix,
          readBucketNames: [props.modelArtifact.bucketName],
        })
      : undefined;

    this.endpoint = new EndpointStack(this, 'Endpoint', {
      stackName: `${prefix}-endpoint`,
      description: `${config.project.name}: SageMaker endpoint of stage ${stage.name}`,
      config,
      stage,
      modelArtifact: props.modelArtifact,
      vpc: this.network?.vpc,
    });
    if (this.network) this.endpoint.addStackDependency(this.network, 'the model runs in the VPC of the network stack');
    // the pipeline's smoke and latency steps (tooling account) assume this role to invoke the endpoint
    new SmokeTestRole(this.endpoint, 'SmokeTestRole', {
      prefix: config.project.prefix,
      stageName: stage.name,
      endpointName: this.endpoint.endpointName,
      toolingAccount: config.tooling.account,
    });

    Tags.of(this).add('mlpipe:project', config.project.prefix);
    Tags.of(this).add('mlpipe:stage', stage.name);
    Tags.of(this).add('mlpipe:environment', stage.environment);
  }
}
