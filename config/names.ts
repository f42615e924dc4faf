import type { AppConfig, StageConfig } from './app-config';

/**
 * every physical name the app derives from the config, in one place, so the stacks, the pipeline
 * and the CLI agree without passing values between accounts at deploy time.
 */

/** the CodePipeline pipeline name, e.g. `mlops-pipeline`. */
export function pipelineName(config: Pick<AppConfig, 'project'>): string {
  return `${config.project.prefix}-pipeline`;
}

/** the CDK stack name of the pipeline stack, also its id in the app (so `cdk deploy mlops-pipeline` selects it). */
export function pipelineStackName(config: Pick<AppConfig, 'project'>): string {
  return `${config.project.prefix}-pipeline`;
}

/** the CDK stack name (and id) of the pipeline's artifact replica in another region, e.g. `mlops-pipeline-artifacts-eu-central-1`. */
export function artifactReplicaStackName(config: Pick<AppConfig, 'project'>, region: string): string {
  return `${pipelineStackName(config)}-artifacts-${region}`;
}

/** the CDK stage id of one region of a stage: the stage name, plus the region when it has several. */
export function stageDeploymentId(stage: Pick<StageConfig, 'name' | 'regions'>, region: string): string {
  return stage.regions.length > 1 ? `${stage.name}-${region}` : stage.name;
}

/** the SageMaker endpoint name of a stage in a region, e.g. `mlops-staging`. */
export function endpointName(config: Pick<AppConfig, 'project'>, stage: Pick<StageConfig, 'name'>): string {
  return `${config.project.prefix}-${stage.name.toLowerCase()}`;
}

/**
 * the models bucket in the tooling account (content-addressed model artifacts) in a region: the
 * home bucket in the tooling region, or the regional copy of a region stages deploy to.
 * @param region the bucket's region; the tooling region when omitted
 */
export function modelsBucketName(config: Pick<AppConfig, 'project' | 'tooling'>, region: string = config.tooling.region): string {
  return `${config.project.prefix}-models-${config.tooling.account}-${region}`;
}

/**
 * the regions stages deploy to other than the tooling region, sorted: each holds a regional
 * model store (models bucket and key) and a pipeline artifact replica.
 */
export function regionsBeyondTooling(config: Pick<AppConfig, 'tooling' | 'stages'>): string[] {
  const regions = new Set(config.stages.flatMap((s) => s.regions));
  regions.delete(config.tooling.region);
  return [...regions].sort();
}

/** the CDK stack name of the regional model store in a region, e.g. `mlops-model-store-eu-central-1`. */
export function regionalModelStoreStackName(config: Pick<AppConfig, 'project'>, region: string): string {
  return `${config.project.prefix}-model-store-${region}`;
}

/**
 * the training step's variables that name a regional model store, e.g. `MODELS_BUCKET_EU_CENTRAL_1`
 * and `MODEL_KMS_KEY_ARN_EU_CENTRAL_1` (the pipeline sets them, `mlpipe train` reads them).
 */
export function regionalModelStoreVariables(region: string): { readonly bucket: string; readonly kmsKeyArn: string } {
  const suffix = region.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return { bucket: `MODELS_BUCKET_${suffix}`, kmsKeyArn: `MODEL_KMS_KEY_ARN_${suffix}` };
}

/** the training-data bucket in the tooling account. */
export function trainingDataBucketName(config: Pick<AppConfig, 'project' | 'tooling'>): string {
  return `${config.project.prefix}-training-data-${config.tooling.account}-${config.tooling.region}`;
}

/** the pipeline's artifact replica bucket in another region of the tooling account. */
export function artifactReplicaBucketName(config: Pick<AppConfig, 'project' | 'tooling'>, region: string): string {
  return `${config.project.prefix}-artifacts-${config.tooling.account}-${region}`;
}

/** the CodePipeline action of a stage's manual approval, e.g. `PromoteToProd`. */
export function approvalActionName(stage: Pick<StageConfig, 'name'>): string {
  return `PromoteTo${stage.name}`;
}

/**
 * the role of the pipeline's Train step, e.g. `mlops-train-model`: the only principal the models
 * buckets let write model keys, and the writer a model's provenance must name.
 */
export function trainModelRoleName(config: Pick<AppConfig, 'project'>): string {
  return `${config.project.prefix}-train-model`;
}

/** the ARN of the Train step's role in the tooling account (see trainModelRoleName). */
export function trainModelRoleArn(config: Pick<AppConfig, 'project' | 'tooling'>, partition = 'aws'): string {
  return `arn:${partition}:iam::${config.tooling.account}:role/${trainModelRoleName(config)}`;
}

/** the approval pool of a created CodeCommit repository when the config names none: sessions of the `<prefix>-reviewer` role in the tooling account. */
export function defaultReviewerPattern(config: Pick<AppConfig, 'project' | 'tooling'>, partition = 'aws'): string {
  return `arn:${partition}:sts::${config.tooling.account}:assumed-role/${config.project.prefix}-reviewer/*`;
}

/** the CodeCommit approval-rule template requiring a review of pull requests into the pipeline's branch, e.g. `mlops-pipeline-review`. */
export function approvalRuleTemplateName(config: Pick<AppConfig, 'project'>): string {
  return `${pipelineName(config)}-review`;
}
