import { CfnOutput, Stack, Token } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnEndpoint, CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { AppConfig, StageConfig } from '../config';
import { endpointName as endpointNameOf } from '../config/names';
import { endpointRoleName } from './constructs/model-readers';
import { defineSageMakerLogGroup } from './constructs/sagemaker-log-group';
import { endpointInVpc, scalesInstances } from '../config/endpoint-rules';
import type { ContainerImageSource } from '../containers/images';
import { ENVIRONMENT_TAG_KEY } from '../compliance/environment-tag';
import { DataCaptureBucket } from './constructs/data-capture-bucket';
import { deploymentConfig } from './constructs/deployment-config';
import { EncryptionKey } from './constructs/encryption-key';
import { EndpointAlarms } from './constructs/endpoint-alarms';
import { EndpointDashboard } from './constructs/endpoint-dashboard';
import { EndpointExecutionRole } from './constructs/endpoint-execution-role';
import { EndpointModel, modelSecurityGroup } from './constructs/endpoint-model';
import { productionVariants, variantNames } from './constructs/production-variants';
import { ScalingHandoff } from './constructs/scaling-handoff';
import { VariantAutoscaling } from './constructs/variant-autoscaling';
import type { ModelArtifactLocation } from './model-artifact';
import { servedModelKeys } from './model-artifact';
import { ServedVersions } from './constructs/served-versions';
import { ServedModelMap } from './constructs/served-model-map';
import { explainerConfig } from './constructs/explainer-config';
import { featureNamesOf } from '../config/explainability-check';
import { baselineKeys } from '../config/baseline-keys';
import { DataQualityMonitor } from './constructs/data-quality-monitor';
import { monitoringRoleName } from './constructs/monitoring-execution-role';
import { modelServingImage } from './model-serving-image';

/** props of an EndpointStack. */
export interface EndpointStackProps extends StackProps {
  /** the whole config (names shared across stages, the tooling account of the models bucket) */
  readonly config: AppConfig;
  /** this stage's settings */
  readonly stage: StageConfig;
  /** where the models of the catalogue are stored: a models bucket in this stack's region */
  readonly modelArtifact: ModelArtifactLocation;
  /**
   * the stage VPC (its private isolated subnets host the model's network interfaces); required
   * for the kinds that run in a VPC (instance, multi-model)
   * @default - none: the endpoint is serverless, which supports no VPC configuration
   */
  readonly vpc?: ec2.IVpc;
  /**
   * the subnets of the model's network interfaces
   * @default - the VPC's private isolated subnets
   */
  readonly subnets?: ec2.SubnetSelection;
  /**
   * where the serving image is built from
   * @default CONTAINER_IMAGES.serving (containers/serving/Dockerfile)
   */
  readonly servingImageSource?: ContainerImageSource;
}

/**
 * the stage's SageMaker endpoint: model, encrypted endpoint config, endpoint with deployment
 * guardrails and auto-rollback, autoscaling, data capture, alarms to an encrypted topic, dashboard.
 */
export class EndpointStack extends Stack {
  /** the endpoint */
  public readonly endpoint: CfnEndpoint;
  /** the endpoint's name */
  public readonly endpointName: string;
  /** the topic every alarm notifies */
  public readonly alarmTopic: sns.Topic;
  /** the models the endpoint serves (stage.models) with their content-addressed keys */
  public readonly servedModels: ReturnType<typeof servedModelKeys>;

  constructor(scope: Construct, id: string, props: EndpointStackProps) {
    super(scope, id, { ...props, tags: { ...props.tags, [ENVIRONMENT_TAG_KEY]: props.stage.environment } });
    const { config, stage } = props;
    if (!Token.isUnresolved(this.region) && props.modelArtifact.region !== this.region) {
      throw new Error(
        `endpoint stack ${this.node.path} is in ${this.region} but its model artifact is in s3://${props.modelArtifact.bucketName} (${props.modelArtifact.region}); SageMaker reads model data only in its own region, so pass the location in ${this.region} (TrainStage.modelArtifactIn('${this.region}'))`,
      );
    }
    const endpoint = stage.endpoint;
    const name = endpointNameOf(config, stage);
    this.servedModels = servedModelKeys(props.modelArtifact, stage.models);
    // a single-model endpoint reads exactly its model's key; a multi-model endpoint the models prefix
    const modelArtifact = { ...props.modelArtifact, key: this.servedModels[0].key };
    const variants = variantNames(endpoint);
    const inVpc = endpointInVpc(endpoint);
    if (inVpc && !props.vpc) throw new Error(`endpoint stack ${this.node.path}: a ${endpoint.kind} endpoint runs in the stage VPC; pass the network stack's vpc`);
    this.endpointName = name;

    const key = new EncryptionKey(this, 'EndpointKey', {
      purpose: `the storage, captured data, alarm topic and logs of endpoint ${name}`,
      alias: `${name}/endpoint`,
      servicePrincipals: [`logs.${this.region}.amazonaws.com`, 'cloudwatch.amazonaws.com'],
    });

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { masterKey: key.key, enforceSSL: true, displayName: `alarms of SageMaker endpoint ${name}` });
    for (const email of endpoint.alarms.emails) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(email));

    const capture = inVpc && endpoint.dataCapture.enabled ? new DataCaptureBucket(this, 'DataCapture', { key: key.key, retentionDays: endpoint.dataCapture.retentionDays }) : undefined;
    const vpc = inVpc ? props.vpc : undefined;
    const network = vpc
      ? {
          vpc,
          subnets: vpc.selectSubnets(props.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnets,
          securityGroup: modelSecurityGroup(this, 'ModelSecurityGroup', vpc),
        }
      : undefined;
    const framework = config.models.find((m) => m.name === this.servedModels[0].name)?.training.framework;
    const image = modelServingImage(this, 'ServingImage', { framework, endpoint, region: props.modelArtifact.region, servingImageSource: props.servingImageSource });

    const role = new EndpointExecutionRole(this, 'ExecutionRole', {
      endpointName: name,
      // the exact role the model store admits
      roleName: endpointRoleName(config.project.prefix, stage.name),
      modelArtifact,
      multiModel: endpoint.kind === 'multiModel',
      modelStore: { account: config.tooling.account, region: props.modelArtifact.region },
      repositoryArn: image.repositoryArn,
      network,
      dataCapture: capture ? { bucket: capture.bucket, key: key.key } : undefined,
    });
    const model = new EndpointModel(this, 'Model', { endpoint, imageUri: image.imageUri, environment: image.environment, modelArtifact, executionRole: role.role, network });
    // SageMaker checks the role's permissions when it creates the model
    model.node.addDependency(role);

    const explainedModel = config.models.find((m) => m.name === this.servedModels[0].name);
    const explainer = endpoint.explainability && endpoint.kind === 'instance' ? explainerConfig(endpoint.explainability, explainedModel ? featureNamesOf(explainedModel) : undefined) : undefined;
    const endpointConfig = new CfnEndpointConfig(this, 'EndpointConfig', {
      kmsKeyId: key.key.keyArn,
      explainerConfig: explainer,
      productionVariants: productionVariants(endpoint, model.model.attrModelName),
      dataCaptureConfig: capture
        ? {
            enableCapture: true,
            initialSamplingPercentage: endpoint.dataCapture.samplingPercent,
            destinationS3Uri: capture.bucket.s3UrlForObject('capture'),
            kmsKeyId: key.key.keyArn,
            captureOptions: [
              ...(endpoint.dataCapture.captureRequest ? [{ captureMode: 'Input' }] : []),
              ...(endpoint.dataCapture.captureResponse ? [{ captureMode: 'Output' }] : []),
            ],
          }
        : undefined,
    });

    const alarms = new EndpointAlarms(this, 'Alarms', {
      endpointName: name,
      variantNames: variants,
      endpointConfigName: endpointConfig.attrEndpointConfigName,
      alarms: endpoint.alarms,
      topic: this.alarmTopic,
      rollbackAlarms: inVpc,
    });

    const autoscaled = scalesInstances(endpoint);
    this.endpoint = new CfnEndpoint(this, 'Endpoint', {
      endpointName: name,
      endpointConfigName: endpointConfig.attrEndpointConfigName,
      deploymentConfig: inVpc ? deploymentConfig(endpoint.rollout, alarms.rollback.map((a) => a.alarmName)) : undefined,
      retainAllVariantProperties: autoscaled ? true : undefined,
      excludeRetainedVariantProperties: autoscaled ? [{ variantPropertyType: 'DataCaptureConfig' }] : undefined,
    });

    // created before the endpoint, so SageMaker writes into our encrypted group with a retention
    this.endpoint.node.addDependency(defineSageMakerLogGroup(this, 'EndpointLogs', { logGroupName: `/aws/sagemaker/Endpoints/${name}`, key: key.key }));

    const handoff = autoscaled ? new ScalingHandoff(this, 'ScalingHandoff', { endpointName: name, variantNames: variants, endpoint, logKey: key.key }) : undefined;
    for (const release of handoff?.release ?? []) this.endpoint.node.addDependency(release);
    for (const restore of handoff?.restore ?? []) restore.node.addDependency(this.endpoint);

    const serverlessScaling = endpoint.kind === 'serverless' && (endpoint.scaling.provisionedConcurrency !== undefined || endpoint.scaling.scheduled.length > 0);
    const scaling = autoscaled || serverlessScaling
      ? variants.map(
          (variantName, index) =>
            new VariantAutoscaling(this, index === 0 ? 'Autoscaling' : `Autoscaling${index + 1}`, {
              endpointName: name,
              variantName,
              endpoint,
              after: [this.endpoint],
              policiesAfter: handoff ? [handoff.restore[index]] : undefined,
            }),
        )
      : [];

    const monitoredFeatures = endpoint.monitoring.enabled && explainedModel ? featureNamesOf(explainedModel) : undefined;
    const monitor = capture && network && monitoredFeatures
      ? new DataQualityMonitor(this, 'DataQuality', {
          endpointName: name,
          endpoint: this.endpoint,
          monitoring: endpoint.monitoring,
          featureNames: monitoredFeatures,
          captureBucket: capture.bucket,
          key: key.key,
          baseline: { bucketName: props.modelArtifact.bucketName, account: config.tooling.account, region: props.modelArtifact.region, keys: baselineKeys(this.servedModels[0].key) },
          network,
          roleName: monitoringRoleName(config.project.prefix, stage.name),
          topic: this.alarmTopic,
        })
      : undefined;

    const dashboard = new EndpointDashboard(this, 'Dashboard', {
      endpointName: name,
      variantNames: variants,
      endpoint,
      alarms: [...alarms.operational, ...alarms.rollback, ...scaling.flatMap((s) => (s.stepAlarm ? [s.stepAlarm] : [])), ...(monitor ? [monitor.alarm] : [])],
    });
    if (monitor) dashboard.dashboard.addWidgets(...monitor.widgets);

    new CfnOutput(this, 'EndpointName', { value: name, description: 'the SageMaker endpoint name' });
    new ServedModelMap(this, 'ModelMap', { endpointName: name, multiModel: endpoint.kind === 'multiModel', models: this.servedModels, modelsPrefix: props.modelArtifact.prefix });
    new ServedVersions(this, 'ServedVersions', { endpoint: this.endpoint, models: this.servedModels, config });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboard.dashboardName, description: 'the CloudWatch dashboard of the endpoint' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'the SNS topic the endpoint alarms notify' });
  }
}
