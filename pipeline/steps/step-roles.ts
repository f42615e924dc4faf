import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BASELINE_JOBS_PREFIX } from '../../config/baseline-keys';
import { MODELS_PREFIX } from '../../config/training-identity';
import { TrainingExecutionRole } from '../../stages/constructs/training-execution-role';
import { acknowledgeScopedWildcards } from '../../stages/constructs/scoped-wildcards';
import { smokeTestRunnerRoleName } from '../../stages/constructs/smoke-test-role';
import { JOBS_PREFIX } from '../../stages/model-store-stack';
import { registryStatements } from './registry-grants';

/** props of a TrainModelRole. */
export interface TrainModelRoleProps {
  /** the project prefix (training job names, role and key alias) */
  readonly prefix: string;
  /** the role's name: the one writer the models buckets allow (see trainModelRoleName) */
  readonly roleName: string;
  /** the models bucket's name */
  readonly modelsBucketName: string;
  /**
   * the regional models buckets the step copies each model to (same key, the region's key)
   * @default - none: every stage deploys to the tooling region
   */
  readonly regionalModelsBuckets?: readonly { readonly region: string; readonly bucketName: string }[];
  /**
   * let the step run each monitored model's data-quality baseline job (`<prefix>-baseline-*`,
   * network-isolated, as the training execution role) and read the job's output
   * (see cli/lib/monitoring/train-step-baseline.ts); the two files are published under models/
   * by the PublishModels statement and copied to the regional buckets by CopyModelsToRegionalBuckets
   * @default false - no stage is monitored
   */
  readonly baselineJobs?: boolean;
}

/**
 * the role of the training step's CodeBuild project, with one customer-managed policy: start,
 * tag, describe and stop the project's training jobs (network isolation required), find a model
 * key's jobs by tag (Search), pass the training execution role to SageMaker only, see whether a
 * model exists, read job outputs and write models, with the model store's key; and see, and copy models into, the regional models buckets,
 * encrypting with each region's model key; when a stage is monitored, start, tag and watch the
 * project's baseline jobs (network isolation required) and read their output. The training
 * execution role they run as is passed by PassTrainingRole (to SageMaker only). Stage tokens are not referenced: every name is derived from the
 * config, so the pipeline stack does not depend on the Train stage's stacks.
 */
export class TrainModelRole extends Construct {
  /** the role */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TrainModelRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
      description: 'pipeline Train step: start and watch managed-spot training jobs, publish models (create-only)',
    });
    const jobs = `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:training-job/${props.prefix}-*`;
    const bucket = `arn:${Aws.PARTITION}:s3:::${props.modelsBucketName}`;
    const startJobs = new iam.PolicyStatement({
      sid: 'StartIsolatedTrainingJobs',
      actions: ['sagemaker:CreateTrainingJob'],
      resources: [jobs],
      conditions: { Bool: { 'sagemaker:NetworkIsolation': 'true' } },
    });
    const watchJobs = new iam.PolicyStatement({ sid: 'TagAndWatchTrainingJobs', actions: ['sagemaker:AddTags', 'sagemaker:DescribeTrainingJob'], resources: [jobs] });
    // a stopped step (CodeBuild stop or timeout) stops the jobs it started
    const stopJobs = new iam.PolicyStatement({ sid: 'StopTrainingJobs', actions: ['sagemaker:StopTrainingJob'], resources: [jobs] });
    // the tag query (a job in progress for the model key is attached to); Search has no resource type
    const findJobs = new iam.PolicyStatement({ sid: 'FindTrainingJobsOfModelKey', actions: ['sagemaker:Search'], resources: ['*'] });
    const passRole = new iam.PolicyStatement({
      sid: 'PassTrainingRole',
      actions: ['iam:PassRole'],
      resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${TrainingExecutionRole.roleNameFor(props.prefix)}`],
      conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
    const readModels = new iam.PolicyStatement({ sid: 'ReadModelsAndJobOutputs', actions: ['s3:GetObject'], resources: [`${bucket}/${MODELS_PREFIX}*`, `${bucket}/${JOBS_PREFIX}*`] });
    const writeModels = new iam.PolicyStatement({ sid: 'PublishModels', actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [`${bucket}/${MODELS_PREFIX}*`] });
    // HeadObject answers 404 for a missing key only to callers that may list the bucket (else 403)
    const listModels = new iam.PolicyStatement({ sid: 'SeeMissingModels', actions: ['s3:ListBucket'], resources: [bucket] });
    const useKey = new iam.PolicyStatement({
      sid: 'UseModelStoreKey',
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [`arn:${Aws.PARTITION}:kms:${Aws.REGION}:${Aws.ACCOUNT_ID}:key/*`],
      conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/${props.prefix}/models` } },
    });
    const regional = props.regionalModelsBuckets ?? [];
    const regionalBuckets = regional.map((r) => `arn:${Aws.PARTITION}:s3:::${r.bucketName}`);
    const copyModels = new iam.PolicyStatement({ sid: 'CopyModelsToRegionalBuckets', actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], resources: regionalBuckets.map((b) => `${b}/${MODELS_PREFIX}*`) });
    const listRegional = new iam.PolicyStatement({ sid: 'SeeMissingRegionalModels', actions: ['s3:ListBucket'], resources: regionalBuckets });
    const encryptCopies = new iam.PolicyStatement({
      sid: 'EncryptRegionalModelCopies',
      // a multipart upload under SSE-KMS needs Decrypt too: S3 reads the parts to complete it
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: regional.map((r) => `arn:${Aws.PARTITION}:kms:${r.region}:${Aws.ACCOUNT_ID}:key/*`),
      conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/${props.prefix}/models` } },
    });
    const baselineJobs = `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:processing-job/${props.prefix}-baseline-*`;
    const startBaselines = new iam.PolicyStatement({
      sid: 'StartIsolatedBaselineJobs',
      actions: ['sagemaker:CreateProcessingJob'],
      resources: [baselineJobs],
      conditions: { Bool: { 'sagemaker:NetworkIsolation': 'true' } },
    });
    const watchBaselines = new iam.PolicyStatement({ sid: 'TagAndWatchBaselineJobs', actions: ['sagemaker:AddTags', 'sagemaker:DescribeProcessingJob'], resources: [baselineJobs] });
    const readBaselineOutputs = new iam.PolicyStatement({ sid: 'ReadBaselineJobOutputs', actions: ['s3:GetObject'], resources: [`${bucket}/${BASELINE_JOBS_PREFIX}*`] });
    const baselineStatements = props.baselineJobs ? [startBaselines, watchBaselines, readBaselineOutputs] : [];
    const registry = registryStatements(props.prefix);
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'pipeline Train step: managed-spot training jobs, model publishing and registration',
      roles: [this.role],
      statements: [startJobs, watchJobs, stopJobs, findJobs, passRole, readModels, writeModels, listModels, useKey, ...(regional.length ? [copyModels, listRegional, encryptCopies] : []), ...baselineStatements, ...registry.statements],
    });
    const jobReason = `training job names are made per model key and attempt (<prefix>-<identity>-<attempt>); the grant covers only jobs named with the ${props.prefix}- prefix of this project`;
    acknowledgeScopedWildcards(policy, [
      { statement: startJobs, reason: `${jobReason}, and only with network isolation on` },
      { statement: watchJobs, reason: jobReason },
      { statement: stopJobs, reason: `${jobReason}; the step stops only jobs it started itself, when it is stopped` },
      {
        statement: findJobs,
        reason: 'sagemaker:Search supports no resource type (the Service Authorization Reference lists none, so only "*" applies); the step searches TrainingJob by its own mlpipe:model-key tag to attach to a job in progress instead of paying for a second one, and queries no other resource type (Search could read the metadata of other SageMaker resources of the account; the step asks only for TrainingJob)',
      },
      { statement: readModels, reason: 'models are content-addressed (models/<hash>/) and job outputs are per job (jobs/<job>/); the step reads only those two prefixes of the models bucket' },
      { statement: writeModels, reason: 'the step publishes each trained model to its content address models/<hash>/model.tar.gz; it may write nothing outside the models/ prefix' },
      ...registry.wildcards,
      ...(props.baselineJobs
        ? [
            { statement: startBaselines, reason: `baseline job names are made per model and attempt (<prefix>-baseline-<identity>-<time>); the grant covers only jobs named ${props.prefix}-baseline-, and only with network isolation on` },
            { statement: watchBaselines, reason: `the step tags the baseline jobs it creates and polls their status; only jobs named ${props.prefix}-baseline-` },
            { statement: readBaselineOutputs, reason: 'baseline jobs write under baseline-jobs/<job>/ (one folder per job); the step reads their statistics.json and constraints.json to publish them beside the model, and nothing else of that prefix' },
          ]
        : []),
      { statement: useKey, reason: `the model store's key ARN is not known to the pipeline stack (another stage); the kms:ResourceAliases condition limits the grant to the key aliased alias/${props.prefix}/models` },
      ...(regional.length
        ? [
            { statement: copyModels, reason: 'the step checks for and copies each model to its content address models/<hash>/model.tar.gz in the regional models buckets; it may touch nothing outside their models/ prefix' },
            { statement: encryptCopies, reason: `the regional model stores' key ARNs are not known to the pipeline stack (another stage); the kms:ResourceAliases condition limits the grant to the keys aliased alias/${props.prefix}/models in those regions, and only to generate data keys and decrypt them (completing a multipart copy)` },
          ]
        : []),
    ]);
  }
}

/** props of a SmokeTestRunnerRole. */
export interface SmokeTestRunnerRoleProps {
  /** the project prefix (the role's name) */
  readonly prefix: string;
  /** the stage whose steps run as this role */
  readonly stageName: string;
  /** the stage's smoke-test roles it may assume, one per region of the stage */
  readonly stageRoleArns: readonly string[];
  /** the pipeline's artifact bucket (the steps read the source and write their report there) */
  readonly artifactBucket: s3.IBucket;
  /** the artifact bucket's key */
  readonly artifactKey: kms.IKey;
  /** the log group the pipeline's CodeBuild projects log to */
  readonly buildLogs: logs.ILogGroup;
}

/**
 * the role of one stage's smoke and latency steps' CodeBuild projects in the tooling account: it
 * may assume exactly that stage's smoke-test roles, which may invoke its endpoint and nothing else.
 * One per stage, so a step of Staging cannot invoke Production's endpoint. Its whole policy is
 * ours (`role` is handed to the steps without policy updates): the stage's roles to assume, the
 * artifacts of the pipeline and the build log group, and none of the broad grants CDK Pipelines
 * would add (report groups, s3:List*, s3:DeleteObject*, kms:ReEncrypt*).
 */
export class SmokeTestRunnerRole extends Construct {
  /** the role */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SmokeTestRunnerRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      roleName: smokeTestRunnerRoleName(props.prefix, props.stageName),
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
      description: `pipeline smoke and latency steps of ${props.stageName}: assume its smoke-test roles`,
    });
    const artifacts = new iam.PolicyStatement({
      sid: 'ReadSourceWriteReports',
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      resources: [props.artifactBucket.arnForObjects('*')],
    });
    // the log group's Arn attribute ends in :*, so it covers the group's streams and nothing else
    const logStreams = new iam.PolicyStatement({ sid: 'WriteBuildLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [props.buildLogs.logGroupArn] });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `smoke and latency steps of ${props.stageName}: assume its smoke-test roles, read and write pipeline artifacts, write build logs`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ sid: 'AssumeStageSmokeTestRoles', actions: ['sts:AssumeRole'], resources: [...props.stageRoleArns] }),
        artifacts,
        new iam.PolicyStatement({ sid: 'ArtifactBucketLocation', actions: ['s3:GetBucketLocation'], resources: [props.artifactBucket.bucketArn] }),
        new iam.PolicyStatement({ sid: 'UseArtifactKey', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], resources: [props.artifactKey.keyArn] }),
        logStreams,
      ],
    });
    acknowledgeScopedWildcards(policy, [
      { statement: artifacts, reason: 'the objects of the pipeline\'s own artifact bucket, which is private, KMS-encrypted and holds nothing but this pipeline\'s build artifacts (the step reads the source and writes its report)' },
    ]);
  }
}
