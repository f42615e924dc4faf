import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeScopedWildcards } from './scoped-wildcards';
import type { ScopedWildcard } from './scoped-wildcards';

/** where the workspace's training jobs must run, and how, enforced by IAM conditions. */
export interface WorkspaceTrainingLimits {
  /** the training network's private subnets */
  readonly subnetIds: readonly string[];
  /** the training jobs' security group */
  readonly securityGroupId: string;
  /** the training execution role the jobs run as */
  readonly roleArn: string;
  /** the key training volumes and outputs must be encrypted with */
  readonly keyArn: string;
  /** the instance types a job may use */
  readonly instanceTypes: readonly string[];
  /** the longest MaxRuntimeInSeconds a job may ask for */
  readonly maxRuntimeSeconds: number;
}

/** what a user's apps run as, and where. */
export type WorkspaceHost =
  | { readonly kind: 'notebook'; readonly notebookName: string }
  | { readonly kind: 'studio'; readonly domainId: string; readonly userProfileName: string; readonly instanceType: string; readonly volumeKeyArn: string };

/** props of a WorkspaceExecutionRole. */
export interface WorkspaceExecutionRoleProps {
  /** the role name */
  readonly roleName: string;
  /** the user, for descriptions */
  readonly userName: string;
  /** the training-data bucket */
  readonly dataBucket: s3.IBucket;
  /** its key */
  readonly dataKey: kms.IKey;
  /**
   * prefixes the user may read
   * @default - the whole training-data bucket
   */
  readonly readPrefixes?: readonly string[];
  /** the user's scratch prefix, e.g. `workspace/alice/` */
  readonly scratchPrefix: string;
  /** the name prefix of the training jobs the user may start, e.g. `mlops-ws-alice-` */
  readonly trainingJobPrefix: string;
  /** where those jobs must run */
  readonly training: WorkspaceTrainingLimits;
  /** the notebook or Studio profile this role serves */
  readonly host: WorkspaceHost;
}

/** actions no workspace may take, whatever else is granted later: endpoints, pipelines, the stacks. */
export const DENIED_ACTIONS = [
  'sagemaker:CreateEndpoint',
  'sagemaker:CreateEndpointConfig',
  'sagemaker:UpdateEndpoint',
  'sagemaker:UpdateEndpointWeightsAndCapacities',
  'sagemaker:DeleteEndpoint',
  'sagemaker:DeleteEndpointConfig',
  'sagemaker:CreatePipeline',
  'sagemaker:UpdatePipeline',
  'sagemaker:DeletePipeline',
  'sagemaker:StartPipelineExecution',
  'codepipeline:*',
  'cloudformation:*',
] as const;

const arn = (service: string, resource: string) => `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;

/**
 * the role one user's notebook or Studio apps run as: read the training data (or the configured
 * prefixes), write the user's scratch prefix, start training jobs that IAM conditions force into
 * the training VPC with its security group, network isolation, the data key on volume and output,
 * an allowed instance type and a bounded runtime; follow those jobs and their logs; run the
 * user's own notebook or Studio apps. Endpoint, pipeline and stack changes are denied outright.
 */
export class WorkspaceExecutionRole extends Construct {
  /** the role */
  public readonly role: iam.Role;
  /** the role's policy */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: WorkspaceExecutionRoleProps) {
    super(scope, id);
    const sagemaker = new iam.ServicePrincipal('sagemaker.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } });
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: `the ${props.host.kind === 'studio' ? 'Studio apps' : 'notebook instance'} of workspace user ${props.userName}`,
      assumedBy: sagemaker,
    });
    if (props.host.kind === 'studio') {
      // the domain records the user profile as the session's source identity (CloudTrail shows who did what)
      this.role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({ actions: ['sts:SetSourceIdentity'], principals: [sagemaker] }));
    }

    const { dataBucket, training } = props;
    const readPrefixes = props.readPrefixes ?? [''];
    const readData = new iam.PolicyStatement({ sid: 'ReadTrainingData', actions: ['s3:GetObject'], resources: readPrefixes.map((p) => dataBucket.arnForObjects(`${p}*`)) });
    const listData = new iam.PolicyStatement({
      sid: 'ListTrainingData',
      actions: ['s3:ListBucket'],
      resources: [dataBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [...readPrefixes.map((p) => `${p}*`), `${props.scratchPrefix}*`] } },
    });
    const writeScratch = new iam.PolicyStatement({
      sid: 'WriteOwnScratchPrefix',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [dataBucket.arnForObjects(`${props.scratchPrefix}*`)],
    });
    const useDataKey = new iam.PolicyStatement({
      sid: 'UseDataKeyThroughS3',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [props.dataKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
    });

    const jobArn = arn('sagemaker', `training-job/${props.trainingJobPrefix}*`);
    const startTraining = new iam.PolicyStatement({
      sid: 'StartTrainingInTrainingVpc',
      actions: ['sagemaker:CreateTrainingJob'],
      resources: [jobArn],
      conditions: {
        'ForAllValues:StringEquals': {
          'sagemaker:VpcSubnets': [...training.subnetIds],
          'sagemaker:VpcSecurityGroupIds': [training.securityGroupId],
          'sagemaker:InstanceTypes': [...training.instanceTypes],
        },
        Null: { 'sagemaker:VpcSubnets': 'false', 'sagemaker:VpcSecurityGroupIds': 'false', 'sagemaker:VolumeKmsKey': 'false', 'sagemaker:OutputKmsKey': 'false' },
        ArnEquals: { 'sagemaker:VolumeKmsKey': training.keyArn, 'sagemaker:OutputKmsKey': training.keyArn },
        Bool: { 'sagemaker:NetworkIsolation': 'true' },
        NumericLessThanEquals: { 'sagemaker:MaxRuntimeInSeconds': training.maxRuntimeSeconds },
      },
    });
    const followTraining = new iam.PolicyStatement({
      sid: 'FollowOwnTrainingJobs',
      actions: ['sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob'],
      resources: [jobArn],
    });
    const passTrainingRole = new iam.PolicyStatement({
      sid: 'PassTrainingRole',
      actions: ['iam:PassRole'],
      resources: [training.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
    const trainingLogs = arn('logs', `log-group:/aws/sagemaker/TrainingJobs:log-stream:${props.trainingJobPrefix}*`);
    const readTrainingLogs = new iam.PolicyStatement({ sid: 'ReadOwnTrainingLogs', actions: ['logs:GetLogEvents'], resources: [trainingLogs] });

    const statements = [readData, listData, writeScratch, useDataKey, startTraining, followTraining, passTrainingRole, readTrainingLogs];
    const wildcards: ScopedWildcard[] = [
      { statement: readData, reason: 'the workspace reads the training data it is configured for (the whole training-data bucket, or the listed prefixes of it), whose objects are named per data version' },
      { statement: writeScratch, reason: 'the user writes only under their own scratch prefix of the training-data bucket, with object names of their choosing' },
      { statement: startTraining, reason: 'training jobs are named by the user under their own prefix; the conditions force the training VPC subnets and security group, network isolation, the data key on volume and output, the allowed instance types and a bounded runtime' },
      { statement: followTraining, reason: 'the user follows and stops only the training jobs under their own name prefix' },
      { statement: readTrainingLogs, reason: 'SageMaker names one log stream per job and host (<job>/algo-N-<epoch>); the grant covers the streams of the user\'s own jobs in the training log group' },
    ];
    const hostStatements = props.host.kind === 'notebook' ? notebookStatements(props.host.notebookName) : studioStatements(props.host);
    statements.push(...hostStatements.map((h) => h.statement));
    wildcards.push(...hostStatements.filter((h) => h.reason !== undefined).map((h) => ({ statement: h.statement, reason: h.reason ?? '' })));
    statements.push(new iam.PolicyStatement({ sid: 'NoEndpointPipelineOrStackChanges', effect: iam.Effect.DENY, actions: [...DENIED_ACTIONS], resources: ['*'] }));

    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `workspace user ${props.userName}: read training data, write own scratch prefix, train in the training VPC`,
      roles: [this.role],
      statements,
    });
    acknowledgeScopedWildcards(this.policy, wildcards);
  }
}

interface HostStatement {
  readonly statement: iam.PolicyStatement;
  readonly reason?: string;
}

/** the notebook instance's own needs: its log streams and stopping itself when idle. */
function notebookStatements(notebookName: string): HostStatement[] {
  const logs = arn('logs', `log-group:/aws/sagemaker/NotebookInstances:log-stream:${notebookName}/*`);
  return [
    {
      statement: new iam.PolicyStatement({ sid: 'StopSelfWhenIdle', actions: ['sagemaker:DescribeNotebookInstance', 'sagemaker:StopNotebookInstance'], resources: [arn('sagemaker', `notebook-instance/${notebookName}`)] }),
    },
    {
      statement: new iam.PolicyStatement({ sid: 'WriteNotebookLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logs] }),
      reason: 'SageMaker names the notebook\'s log streams <notebook>/jupyter.log and <notebook>/LifecycleConfigOnStart; the grant covers the streams of this one notebook',
    },
    {
      statement: new iam.PolicyStatement({ sid: 'CreateNotebookLogGroup', actions: ['logs:CreateLogGroup'], resources: [arn('logs', 'log-group:/aws/sagemaker/NotebookInstances')] }),
    },
  ];
}

/** what the Studio web app does as the user: its own profile, its private spaces and their apps, its logs. */
function studioStatements(host: Extract<WorkspaceHost, { kind: 'studio' }>): HostStatement[] {
  const profile = arn('sagemaker', `user-profile/${host.domainId}/${host.userProfileName}`);
  const spaces = arn('sagemaker', `space/${host.domainId}/*`);
  const apps = arn('sagemaker', `app/${host.domainId}/*`);
  return [
    {
      statement: new iam.PolicyStatement({ sid: 'ReadOwnDomainAndProfile', actions: ['sagemaker:DescribeDomain', 'sagemaker:DescribeUserProfile'], resources: [arn('sagemaker', `domain/${host.domainId}`), profile] }),
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'ManageOwnPrivateSpaces',
        actions: ['sagemaker:CreateSpace', 'sagemaker:UpdateSpace', 'sagemaker:DeleteSpace', 'sagemaker:DescribeSpace', 'sagemaker:AddTags'],
        resources: [spaces],
        conditions: { ArnEquals: { 'sagemaker:OwnerUserProfileArn': profile }, StringEquals: { 'sagemaker:SpaceSharingType': 'Private' } },
      }),
      reason: 'Studio names a user\'s spaces as they create them; the conditions limit the grant to private spaces owned by this user\'s profile in this domain',
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'RunAppsOfTheConfiguredType',
        actions: ['sagemaker:CreateApp', 'sagemaker:DeleteApp', 'sagemaker:DescribeApp'],
        resources: [apps],
        conditions: { 'ForAllValues:StringEquals': { 'sagemaker:InstanceTypes': [host.instanceType, 'system'] }, ArnEquals: { 'sagemaker:OwnerUserProfileArn': profile } },
      }),
      reason: 'apps are named app/<domain>/<space>/<type>/<name> by Studio; the grant is limited to this domain, apps owned by this user\'s profile and the configured instance type',
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'EncryptSpaceVolumes',
        actions: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext'],
        resources: [host.volumeKeyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sagemaker.${Aws.REGION}.amazonaws.com` } },
      }),
    },
    {
      statement: new iam.PolicyStatement({ sid: 'ListStudioResources', actions: ['sagemaker:ListApps', 'sagemaker:ListSpaces', 'sagemaker:ListTags'], resources: ['*'] }),
      reason: 'the Studio web app lists apps, spaces and tags to draw its home page; these List actions are read-only and support no resource-level permissions',
    },
    {
      statement: new iam.PolicyStatement({ sid: 'WriteStudioLogs', actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], resources: [arn('logs', `log-group:/aws/sagemaker/studio:log-stream:${host.domainId}/*`)] }),
      reason: 'Studio apps write log streams named <domain>/<space>/<app type>/<app>; the grant covers this domain\'s streams in the /aws/sagemaker/studio log group',
    },
  ];
}
