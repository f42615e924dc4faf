import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { Construct } from 'constructs';
import type { AppConfig, WorkspaceConfig } from '../config';
import { workspaceDomainName, workspaceExecutionRoleName, workspaceNotebookName, workspaceOpenRoleName, workspaceTrainingJobPrefix } from '../config/workspace-names';
import { EncryptionKey } from './constructs/encryption-key';
import { NotebookIdleStop, studioStartScript } from './constructs/workspace-lifecycle';
import { WorkspaceExecutionRole } from './constructs/workspace-execution-role';
import type { WorkspaceTrainingLimits } from './constructs/workspace-execution-role';
import { WorkspaceOpenRole } from './constructs/workspace-open-role';

/** props of a WorkspaceStack. */
export interface WorkspaceStackProps extends StackProps {
  /** the project names (prefix of every physical name) */
  readonly project: AppConfig['project'];
  /** the workspace settings */
  readonly workspace: WorkspaceConfig;
  /** the VPC the workspace runs in (private isolated subnets, no internet or NAT gateway) */
  readonly vpc: ec2.IVpc;
  /** the security group of the VPC's interface endpoints: the workspace sends HTTPS to it */
  readonly endpointSecurityGroup: ec2.ISecurityGroup;
  /** the VPC's SageMaker API endpoint (presigned URLs are asked for through it) */
  readonly apiEndpointId: string;
  /** the VPC's notebook or Studio endpoint (the browser reaches the workspace through it) */
  readonly uiEndpointId: string;
  /** the training-data bucket's name (by name, so the policies read `arn:aws:s3:::<name>/<prefix>*`) */
  readonly dataBucketName: string;
  /** its key (also the key training jobs must use) */
  readonly dataKey: kms.IKey;
  /** where training jobs started from the workspace must run */
  readonly training: WorkspaceTrainingLimits;
}

/**
 * the data scientists' private workspace in the tooling account: a VpcOnly Studio domain with a
 * user profile per user, or a notebook instance per user (no direct internet, no root), in the
 * private subnets of a VPC without internet or NAT gateway; its own rotating key on volumes and the
 * domain's storage; an execution role and an open role per user; idle apps or notebooks stopped
 * after the configured time.
 */
export class WorkspaceStack extends Stack {
  /** the key of notebook volumes, Studio's EFS and spaces */
  public readonly key: EncryptionKey;
  /** the security group of notebooks or Studio apps */
  public readonly securityGroup: ec2.SecurityGroup;
  /** the execution roles, by user */
  public readonly executionRoles: Readonly<Record<string, WorkspaceExecutionRole>>;
  /** the open roles, by user */
  public readonly openRoles: Readonly<Record<string, WorkspaceOpenRole>>;
  /**
   * the Studio domain
   * @default - none for notebooks
   */
  public readonly domain?: sagemaker.CfnDomain;

  constructor(scope: Construct, id: string, props: WorkspaceStackProps) {
    super(scope, id, props);
    const { workspace, project } = props;
    const names = { project };

    this.key = new EncryptionKey(this, 'WorkspaceKey', { purpose: 'workspace notebook volumes and Studio storage', alias: `${project.prefix}/workspace` });

    this.securityGroup = new ec2.SecurityGroup(this, 'WorkspaceSecurityGroup', {
      vpc: props.vpc,
      description: 'workspace notebooks or Studio apps: HTTPS to the interface endpoints and to S3 only, nothing inbound from outside the group',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(props.endpointSecurityGroup, ec2.Port.tcp(443), 'HTTPS to the interface endpoints (SageMaker API and runtime, STS, Logs, ECR)');
    // the S3 gateway endpoint is a route to S3's prefix list; with no internet or NAT gateway it is the only way out of the VPC
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to S3 through the gateway endpoint (the route tables have no other way out)');
    if (workspace.kind === 'studio') {
      this.securityGroup.addIngressRule(this.securityGroup, ec2.Port.tcpRange(8192, 65535), 'Studio: the JupyterLab server and its kernels talk to each other');
      this.securityGroup.addEgressRule(this.securityGroup, ec2.Port.tcpRange(8192, 65535), 'Studio: the JupyterLab server and its kernels talk to each other');
    }

    const dataBucket = s3.Bucket.fromBucketName(this, 'TrainingData', props.dataBucketName);
    const subnets = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    const domain = workspace.kind === 'studio' ? this.defineDomain(props, subnets.subnetIds) : undefined;
    // the domain owns the users' home file system: keep it if the stack is ever deleted
    domain?.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.domain = domain;

    const executionRoles: Record<string, WorkspaceExecutionRole> = {};
    const openRoles: Record<string, WorkspaceOpenRole> = {};
    const idleStop = workspace.kind === 'notebook'
      ? new NotebookIdleStop(this, 'IdleStop', { name: `${project.prefix}-ws-idle-stop`, idleTimeoutMinutes: workspace.idleTimeoutMinutes, region: this.region })
      : undefined;
    for (const user of workspace.users) {
      const base = user.name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
      const notebookName = workspaceNotebookName(names, user.name);
      const execution = new WorkspaceExecutionRole(this, `${base}ExecutionRole`, {
        roleName: workspaceExecutionRoleName(names, user.name),
        userName: user.name,
        dataBucket,
        dataKey: props.dataKey,
        readPrefixes: workspace.data.readPrefixes,
        scratchPrefix: `${workspace.data.writePrefix}${user.name}/`,
        trainingJobPrefix: workspaceTrainingJobPrefix(names, user.name),
        training: props.training,
        host: domain
          ? { kind: 'studio', domainId: domain.attrDomainId, userProfileName: user.name, instanceType: workspace.instanceType, volumeKeyArn: this.key.key.keyArn }
          : { kind: 'notebook', notebookName },
      });
      executionRoles[user.name] = execution;
      openRoles[user.name] = new WorkspaceOpenRole(this, `${base}OpenRole`, {
        roleName: workspaceOpenRoleName(names, user.name),
        userName: user.name,
        identityArn: user.identity,
        target: domain ? { kind: 'studio', domainId: domain.attrDomainId, userProfileName: user.name } : { kind: 'notebook', notebookName, volumeKeyArn: this.key.key.keyArn },
        endpointIds: [props.apiEndpointId, props.uiEndpointId],
      });
      if (domain) {
        const profile = new sagemaker.CfnUserProfile(this, `${base}Profile`, {
          domainId: domain.attrDomainId,
          userProfileName: user.name,
          userSettings: { executionRole: execution.role.roleArn, securityGroups: [this.securityGroup.securityGroupId] },
        });
        profile.node.addDependency(execution.policy);
      } else {
        const notebook = new sagemaker.CfnNotebookInstance(this, `${base}Notebook`, {
          notebookInstanceName: notebookName,
          instanceType: workspace.instanceType,
          roleArn: execution.role.roleArn,
          subnetId: subnets.subnetIds[0],
          securityGroupIds: [this.securityGroup.securityGroupId],
          kmsKeyId: this.key.key.keyId,
          directInternetAccess: 'Disabled',
          rootAccess: 'Disabled',
          volumeSizeInGb: workspace.volumeSizeGb,
          platformIdentifier: 'notebook-al2023-v1',
          lifecycleConfigName: idleStop?.lifecycleConfig.attrNotebookInstanceLifecycleConfigName,
        });
        notebook.node.addDependency(execution.policy);
      }
    }
    this.executionRoles = executionRoles;
    this.openRoles = openRoles;

    new CfnOutput(this, 'WorkspaceKind', { value: workspace.kind, description: 'studio or notebook' });
    if (domain) new CfnOutput(this, 'DomainId', { value: domain.attrDomainId, description: 'the Studio domain' });
  }

  /** the VpcOnly domain, encrypted with the workspace key, idle JupyterLab apps shut down. */
  private defineDomain(props: WorkspaceStackProps, subnetIds: string[]): sagemaker.CfnDomain {
    const { workspace } = props;
    // the default role of the domain may do nothing: every user profile names its own role
    const defaultRole = new iam.Role(this, 'DomainDefaultRole', {
      description: 'default execution role of the workspace domain: no permissions (every user profile has its own role)',
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': this.account } }),
    });
    const idle = workspace.idleTimeoutMinutes;
    const idleShutdown = { idleSettings: { lifecycleManagement: 'ENABLED', idleTimeoutInMinutes: idle, minIdleTimeoutInMinutes: Math.min(60, idle), maxIdleTimeoutInMinutes: idle } };
    const regionalSts = new sagemaker.CfnStudioLifecycleConfig(this, 'RegionalSts', {
      studioLifecycleConfigName: `${props.project.prefix}-ws-regional-sts`,
      studioLifecycleConfigAppType: 'JupyterLab',
      studioLifecycleConfigContent: Buffer.from(studioStartScript(this.region)).toString('base64'),
    });
    return new sagemaker.CfnDomain(this, 'Domain', {
      domainName: workspaceDomainName({ project: props.project }),
      authMode: 'IAM',
      appNetworkAccessType: 'VpcOnly',
      vpcId: props.vpc.vpcId,
      subnetIds,
      kmsKeyId: this.key.key.keyArn,
      domainSettings: { executionRoleIdentityConfig: 'USER_PROFILE_NAME', dockerSettings: { enableDockerAccess: 'DISABLED' } },
      defaultUserSettings: {
        executionRole: defaultRole.roleArn,
        securityGroups: [this.securityGroup.securityGroupId],
        studioWebPortal: 'ENABLED',
        defaultLandingUri: 'studio::',
        sharingSettings: { notebookOutputOption: 'Disabled' },
        spaceStorageSettings: { defaultEbsStorageSettings: { defaultEbsVolumeSizeInGb: workspace.volumeSizeGb, maximumEbsVolumeSizeInGb: workspace.volumeSizeGb } },
        jupyterLabAppSettings: {
          defaultResourceSpec: { instanceType: workspace.instanceType, lifecycleConfigArn: regionalSts.attrStudioLifecycleConfigArn },
          lifecycleConfigArns: [regionalSts.attrStudioLifecycleConfigArn],
          appLifecycleManagement: idleShutdown,
        },
        // Code Editor is the other Studio app with idle shutdown: an idle one must not run up cost either
        codeEditorAppSettings: { defaultResourceSpec: { instanceType: workspace.instanceType }, appLifecycleManagement: idleShutdown },
      },
    });
  }
}
