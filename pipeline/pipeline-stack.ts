import { Aspects, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CodePipeline, ManualApprovalStep } from 'aws-cdk-lib/pipelines';
import type { CodePipelineSource } from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import type { AppConfig, StageConfig } from '../config';
import { approvalActionName, artifactReplicaBucketName, pipelineName, stageDeploymentId } from '../config';
import { EncryptionKey } from '../stages/constructs/encryption-key';
import { MlStage } from '../stages/ml-stage';
import type { ModelArtifactLocation } from '../stages/model-artifact';
import { ArtifactStore } from './artifact-store';
import { AuditRules } from './audit-rules';
import { ConsoleRejections } from './console-rejections';
import { scopeAssetPublishingRoles } from './asset-role-scope';
import { GeneratedGrantAcknowledgements } from './generated-grants';
import { ModelGates } from './model-gates';
import { RegistryApproval } from './registry-approval';
import { EncryptedTopic, PipelineNotifications } from './notifications';
import { pipelineSource } from './source';
import { SynthStep } from './steps/synth-step';
import { CDK_ASSETS_CLI_VERSION, CDK_CLI_VERSION } from './versions';

/** the compute size of the Synth step: its checks run at once and use every vCPU (docs/pipeline-time.md). */
export const SYNTH_COMPUTE_TYPE = codebuild.ComputeType.MEDIUM;

/** props of a PipelineStack. */
export interface PipelineStackProps extends StackProps {
  /** the validated config */
  readonly config: AppConfig;
  /**
   * use CDK Pipelines' defaults instead of our settings: change sets (two actions per stack
   * deploy instead of one), one publishing project per asset, the Synth step on the default
   * compute size without a cache; only for comparing the two in bench/pipeline-time.ts
   * @default false
   */
  readonly cdkPipelinesDefaults?: boolean;
  /**
   * artifact buckets in the other regions stages deploy to, by region
   * @default - none: every stage must be in the pipeline's region
   */
  readonly replicationBuckets?: Readonly<Record<string, s3.IBucket>>;
}

/**
 * the self-mutating delivery pipeline: source, synth (tests and compliance gate), self-mutation,
 * asset publishing, then each configured stage in order, with manual approvals where configured.
 */
export class PipelineStack extends Stack {
  /** the CDK Pipelines pipeline (built: `pipeline.pipeline` is the CodePipeline) */
  public readonly pipeline: CodePipeline;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prefix = config.project.prefix;

    const key = new EncryptionKey(this, 'PipelineKey', {
      purpose: 'pipeline logs and notifications',
      alias: `${prefix}/pipeline`,
      servicePrincipals: [`logs.${this.region}.amazonaws.com`],
    }).key;
    const buildLogs = new logs.LogGroup(this, 'BuildLogs', {
      encryptionKey: key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const unitTestReports = new codebuild.ReportGroup(this, 'UnitTestReports', {
      reportGroupName: `${prefix}-unit-tests`,
      type: codebuild.ReportGroupType.TEST,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const artifacts = new ArtifactStore(this, 'Artifacts', { namePrefix: prefix });
    const complianceReports = new codebuild.ReportGroup(this, 'ComplianceReports', {
      reportGroupName: `${prefix}-compliance`,
      type: codebuild.ReportGroupType.TEST,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const source = pipelineSource(this, config, key);
    const defaults = {
      buildEnvironment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL },
      logging: { cloudWatch: { logGroup: buildLogs } },
    };
    const ourSettings = !(props.cdkPipelinesDefaults ?? false);
    this.pipeline = new CodePipeline(this, 'Pipeline', {
      pipelineName: pipelineName(config),
      pipelineType: codepipeline.PipelineType.V2,
      // with other regions the pipeline region's bucket is given as one of the replication buckets
      artifactBucket: props.replicationBuckets ? undefined : artifacts.bucket,
      crossRegionReplicationBuckets: props.replicationBuckets ? { ...props.replicationBuckets, [this.region]: artifacts.bucket } : undefined,
      crossAccountKeys: true,
      enableKeyRotation: true,
      selfMutation: true,
      useChangeSets: ourSettings ? false : undefined,
      publishAssetsInParallel: ourSettings ? false : undefined,
      cliVersion: CDK_CLI_VERSION,
      cdkAssetsCliVersion: CDK_ASSETS_CLI_VERSION,
      codeBuildDefaults: defaults,
      synth: new SynthStep('Synth', {
        input: source,
        projectName: `${prefix}-synth`,
        reportGroups: { 'unit-tests': unitTestReports, compliance: complianceReports },
        // the checks run at once and are CPU-bound; the npm cache lives beside the artifacts
        // (why these: docs/pipeline-time.md)
        ...(ourSettings ? { computeType: SYNTH_COMPUTE_TYPE, cache: codebuild.Cache.bucket(artifacts.bucket, { prefix: 'codebuild-cache/synth' }) } : {}),
      }),
    });

    // inside the CodePipeline construct, so the generated-grant acknowledgements cover its roles
    const gates = new ModelGates(this.pipeline, 'ModelGates', { config, source, artifactBucket: artifacts.bucket, artifactKey: artifacts.key.key, buildLogs });
    const modelArtifactIn = gates.addTrainStage(this, this.pipeline);
    const registry = new RegistryApproval(this.pipeline, 'RegistryApproval', { config, source, modelVersions: () => gates.modelVersions() });
    const approvalTopics = new Map<string, sns.ITopic>();
    for (const stage of config.stages) {
      this.addMlStage(config, stage, modelArtifactIn, gates, stage.approval ? this.approvalTopic(stage, key, approvalTopics) : undefined, registry);
    }

    this.pipeline.buildPipeline();
    const assets = this.pipeline.node.tryFindChild('Assets');
    if (assets) scopeAssetPublishingRoles(assets);
    Aspects.of(this.pipeline).add(
      new GeneratedGrantAcknowledgements({
        artifactBucketLogicalId: this.getLogicalId(artifacts.bucket.node.defaultChild as s3.CfnBucket),
        artifactKeyLogicalId: this.getLogicalId(artifacts.key.key.node.defaultChild as kms.CfnKey),
        pipelineKeyLogicalId: this.getLogicalId(key.node.defaultChild as kms.CfnKey),
        replicaBucketNames: Object.keys(props.replicationBuckets ?? {}).map((region) => artifactReplicaBucketName(config, region)),
      }),
    );
    const pipelineTopic = new EncryptedTopic(this, 'PipelineTopic', {
      key,
      displayName: `${config.project.name} pipeline`,
      emails: config.pipeline.notify.emails,
    }).topic;
    const topics: sns.ITopic[] = [pipelineTopic];
    if (config.pipeline.notify.topicArn) topics.push(sns.Topic.fromTopicArn(this, 'ExternalPipelineTopic', config.pipeline.notify.topicArn));
    new PipelineNotifications(this, 'Notifications', { pipeline: this.pipeline.pipeline, topics, key });
    new AuditRules(this, 'AuditRules', { pipelineName: pipelineName(config), topic: pipelineTopic });
    // a production approval rejected in the console marks the execution's model versions Rejected
    if (ConsoleRejections.needed(config)) new ConsoleRejections(this, 'ConsoleRejections', { config, key });

    if (config.source.kind === 'github') this.addGitHubTrigger(source, config.source.branch, config.source.filePaths);
  }

  /** one stage per config entry: a single region is a stage, several regions are a parallel wave. */
  private addMlStage(config: AppConfig, stage: StageConfig, modelArtifactIn: (region: string) => ModelArtifactLocation, gates: ModelGates, approvalTopic: sns.ITopic | undefined, registry: RegistryApproval): void {
    const pre = approvalTopic
      ? [
          new ManualApprovalStep(approvalActionName(stage), {
            comment: `Approve to deploy ${config.project.name} to ${stage.name} (${stage.regions.join(', ')}, account ${stage.account}).`,
            notificationTopic: approvalTopic,
          }),
        ]
      : [];
    // an approved production deployment marks the model versions it deployed Approved
    const registrySteps = registry.stepsAfterDeploy(stage);
    const mlStage = (region: string) => new MlStage(this, stageDeploymentId(stage, region), { config, stage, region, modelArtifact: modelArtifactIn(region) });
    if (stage.regions.length === 1) {
      const single = mlStage(stage.regions[0]);
      this.pipeline.addStage(single, { pre, post: [...gates.postDeploySteps(stage, stage.regions[0], single), ...registrySteps] });
      return;
    }
    const wave = this.pipeline.addWave(stage.name, { pre, post: registrySteps });
    for (const region of stage.regions) {
      const regional = mlStage(region);
      wave.addStage(regional, { post: gates.postDeploySteps(stage, region, regional) });
    }
  }

  /** the topic a stage's approval request goes to: an existing one, or one subscribing the stage's e-mails. */
  private approvalTopic(stage: StageConfig, key: EncryptionKey['key'], cache: Map<string, sns.ITopic>): sns.ITopic {
    const cached = cache.get(stage.name);
    if (cached) return cached;
    const topic = stage.notify.topicArn
      ? sns.Topic.fromTopicArn(this, `${stage.name}ApprovalTopic`, stage.notify.topicArn)
      : new EncryptedTopic(this, `${stage.name}ApprovalTopic`, {
          key,
          displayName: `Approvals for ${stage.name}`,
          emails: stage.notify.emails,
        }).topic;
    cache.set(stage.name, topic);
    return topic;
  }

  /** V2 push trigger on the configured branch (and file paths): other pushes do not start the pipeline. */
  private addGitHubTrigger(source: CodePipelineSource, branch: string, filePaths: { include: string[]; exclude: string[] } | undefined): void {
    const sourceStage = this.pipeline.pipeline.stages.find((s) => s.stageName === 'Source');
    const sourceAction = sourceStage?.actions.find((a) => a.actionProperties.actionName === 'Source');
    if (!sourceAction) throw new Error(`pipeline has no Source action for ${source}; cannot add the GitHub push trigger`);
    this.pipeline.pipeline.addTrigger({
      providerType: codepipeline.ProviderType.CODE_STAR_SOURCE_CONNECTION,
      gitConfiguration: {
        sourceAction,
        pushFilter: [
          {
            branchesIncludes: [branch],
            filePathsIncludes: filePaths?.include.length ? filePaths.include : undefined,
            filePathsExcludes: filePaths?.exclude.length ? filePaths.exclude : undefined,
          },
        ],
      },
    });
  }
}
