import { RemovalPolicy } from 'aws-cdk-lib';
import type { CfnOutput, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { CodePipeline, IFileSetProducer, Step } from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import type { AppConfig, StageConfig } from '../config';
import { modelsBucketName, regionalModelStoreVariables, trainModelRoleName } from '../config';
import { anyStageMonitored, BASELINE_MAX_RUNTIME_SECONDS } from '../config/monitored-models';
import { effectiveMaxWaitSeconds } from '../config/training-schema';
import { smokeTestRoleName } from '../stages/constructs/smoke-test-role';
import type { MlStage } from '../stages/ml-stage';
import type { ModelArtifactLocation } from '../stages/model-artifact';
import { TrainStage } from '../stages/train-stage';
import { SmokeTestStep } from './steps/smoke-test-step';
import { SmokeTestRunnerRole, TrainModelRole } from './steps/step-roles';
import { TrainModelStep } from './steps/train-model-step';

/** props of ModelGates. */
export interface ModelGatesProps {
  /** the validated config */
  readonly config: AppConfig;
  /** the source checkout the steps run from */
  readonly source: IFileSetProducer;
  /** the pipeline's artifact bucket, its key and the build log group (the smoke steps' roles grant exactly these) */
  readonly artifactBucket: s3.IBucket;
  readonly artifactKey: kms.IKey;
  readonly buildLogs: logs.ILogGroup;
}

/**
 * the training stage and the post-deploy gates of the pipeline, with the roles of their CodeBuild
 * projects. Define it inside the CodePipeline construct, so the acknowledgements of CDK Pipelines'
 * generated grants cover what CDK Pipelines adds to these roles.
 */
export class ModelGates extends Construct {
  private readonly config: AppConfig;
  private readonly source: IFileSetProducer;
  /** the smoke-test runner role of each stage, by stage name */
  private readonly runnerRoles: ReadonlyMap<string, SmokeTestRunnerRole>;
  /** the Train step's MODEL_VERSIONS variable, once addTrainStage ran */
  private trainModelVersions: string | undefined;

  constructor(scope: Construct, id: string, props: ModelGatesProps) {
    super(scope, id);
    this.config = props.config;
    this.source = props.source;
    const prefix = props.config.project.prefix;
    this.runnerRoles = new Map(
      props.config.stages.map((stage) => {
        const stageRoleArns = stage.regions.map((region) => `arn:aws:iam::${stage.account}:role/${smokeTestRoleName(prefix, stage.name, region)}`);
        return [stage.name, new SmokeTestRunnerRole(this, `SmokeTestRunner${stage.name}`, { prefix, stageName: stage.name, stageRoleArns, artifactBucket: props.artifactBucket, artifactKey: props.artifactKey, buildLogs: props.buildLogs })];
      }),
    );
  }

  /**
   * adds the Train stage (tooling account: model store, training network and image, regional
   * model stores) with the training step after it, and returns where the commit's model will be
   * in each region.
   * @param stack the pipeline stack, the Train stage's scope
   */
  public addTrainStage(stack: Stack, pipeline: CodePipeline): (region: string) => ModelArtifactLocation {
    const { config } = this;
    const prefix = config.project.prefix;
    const train = new TrainStage(stack, 'Train', { config });
    const regions = Object.keys(train.regionalModelStores);
    const role = new TrainModelRole(this, 'TrainModelRole', {
      prefix,
      roleName: trainModelRoleName(config),
      modelsBucketName: modelsBucketName(config),
      regionalModelsBuckets: regions.map((region) => ({ region, bucketName: modelsBucketName(config, region) })),
      baselineJobs: anyStageMonitored(config),
    });
    const output = (stackScope: Construct, id: string) => stackScope.node.findChild(id) as CfnOutput;
    // the step names the group by its literal ARN (a token would make the buildspec a CloudFormation expression)
    new codebuild.ReportGroup(this, 'TrainingReports', {
      reportGroupName: `${prefix}-training`,
      type: codebuild.ReportGroupType.TEST,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const step = new TrainModelStep('TrainModel', {
      input: this.source,
      reportGroupArn: `arn:aws:codebuild:${config.tooling.region}:${config.tooling.account}:report-group/${prefix}-training`,
      projectName: `${prefix}-train-model`,
      role: role.role,
      // at most maxConcurrentJobs jobs run at once: the step waits for that many rounds of the slowest job
      // and, when a stage is monitored, one baseline job after each model's training
      maxJobSeconds:
        Math.ceil(config.models.length / config.training.maxConcurrentJobs) * (Math.max(...config.models.map((m) => effectiveMaxWaitSeconds(m.training) ?? m.training.maxRuntimeSeconds)) + (anyStageMonitored(config) ? BASELINE_MAX_RUNTIME_SECONDS : 0)),
      outputs: {
        TRAINING_IMAGE_URI: train.training.imageUriOutput,
        TRAINING_SUBNET_IDS: train.training.subnetIdsOutput,
        TRAINING_SECURITY_GROUP_ID: train.training.securityGroupIdOutput,
        EXPECTED_MODEL_KEY: train.training.modelKeyOutput,
        EXPECTED_MODEL_KEYS: train.training.modelKeysOutput,
        SERVING_IMAGE_URI: train.training.servingImageUriOutput,
        SOURCE_ARCHIVES: train.training.sourceArchivesOutput,
        TRAINING_ROLE_ARN: output(train.modelStore, 'TrainingRoleArn'),
        MODELS_BUCKET: output(train.modelStore, 'ModelsBucketName'),
        TRAINING_DATA_BUCKET: output(train.modelStore, 'TrainingDataBucketName'),
        MODEL_KMS_KEY_ARN: output(train.modelStore, 'ModelKeyArn'),
      },
      regionalOutputs: Object.fromEntries(
        Object.entries(train.regionalModelStores).flatMap(([region, store]) => {
          const names = regionalModelStoreVariables(region);
          return [
            [names.bucket, store.modelsBucketNameOutput],
            [names.kmsKeyArn, store.modelKeyArnOutput],
          ];
        }),
      ),
    });
    this.trainModelVersions = step.modelVersions;
    pipeline.addStage(train, { post: [step] });
    return (region) => train.modelArtifactIn(region);
  }

  /**
   * the post-deploy gates of one stage deployment: the sample invocations, then the latency check.
   * Empty when the stage turns its smoke test off.
   */
  public postDeploySteps(stage: StageConfig, region: string, mlStage: MlStage): Step[] {
    if (!stage.smokeTest.enabled) return [];
    const prefix = this.config.project.prefix;
    const suffix = stage.regions.length > 1 ? `-${region}` : '';
    const endpointOutput = mlStage.endpoint.node.tryFindChild('EndpointName') as CfnOutput | undefined;
    if (!endpointOutput) throw new Error(`${mlStage.endpoint.node.path} has no EndpointName output; the smoke and latency steps read the endpoint name from it, so keep that CfnOutput in the endpoint stack`);
    // a multi-model endpoint's gates invoke each model with its TargetModel, from the stack's map
    const targetModels = mlStage.endpoint.node.tryFindChild('TargetModels') as CfnOutput | undefined;
    const common = {
      input: this.source,
      role: this.runnerRole(stage.name),
      stageName: stage.name,
      endpointName: endpointOutput,
      targetModels,
      region,
      stageRoleArn: `arn:aws:iam::${stage.account}:role/${smokeTestRoleName(prefix, stage.name, region)}`,
    };
    const slug = `${prefix}-${stage.name.toLowerCase()}`;
    const smoke = new SmokeTestStep(`SmokeTest${suffix}`, { ...common, gate: 'samples', projectName: `${slug}-smoke-test${suffix}` });
    const latency = new SmokeTestStep(`LatencyCheck${suffix}`, { ...common, gate: 'latency', projectName: `${slug}-latency-check${suffix}` });
    latency.addStepDependency(smoke);
    return [smoke, latency];
  }

  /** the Train step's MODEL_VERSIONS variable (each model's registry version); call addTrainStage first. */
  public modelVersions(): string {
    if (this.trainModelVersions === undefined) throw new Error('the Train stage is not added yet; call addTrainStage before reading the Train step\'s MODEL_VERSIONS');
    return this.trainModelVersions;
  }

  private runnerRole(stageName: string): iam.IRole {
    const runner = this.runnerRoles.get(stageName);
    if (!runner) throw new Error(`no smoke-test runner role for stage ${stageName}; ModelGates makes one per stage of the config it was given`);
    // the runner's policy is complete: CDK Pipelines adds nothing to it
    return runner.role.withoutPolicyUpdates();
  }

}
