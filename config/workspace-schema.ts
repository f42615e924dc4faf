import { _InstanceType, AppInstanceType } from '@aws-sdk/client-sagemaker';
import { z } from 'zod';
import { accountId, region } from './primitives';
import { networkSchema } from './network-schema';

/**
 * the limits SageMaker puts on a workspace, as its API and CloudFormation references state them:
 * - JupyterLab idle shutdown: `IdleSettings.IdleTimeoutInMinutes` is 60 to 525600
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-userprofile-idlesettings.html)
 * - a notebook instance's `VolumeSizeInGB` and a Studio space's `DefaultEbsVolumeSizeInGb` are 5 to
 *   16384 (API_CreateNotebookInstance, API_DefaultEbsStorageSettings)
 * - `UserProfileName` matches `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` and `NotebookInstanceName`
 *   `^[a-zA-Z0-9](-*[a-zA-Z0-9])*` of at most 63 characters (API_CreateUserProfile,
 *   API_CreateNotebookInstance)
 * - instance types: the `InstanceType` enum of CreateNotebookInstance and the `AppInstanceType`
 *   enum of a JupyterLab app's ResourceSpec, as @aws-sdk/client-sagemaker ships them
 * (docs/workspace-facts.md lists the sources)
 */
export const WORKSPACE_LIMITS = {
  minIdleMinutes: 60,
  maxIdleMinutes: 525_600,
  minVolumeGb: 5,
  maxVolumeGb: 16_384,
  /** our own limit: `<prefix>-ws-<user>` names the notebook and the user's roles (IAM role names are at most 64 characters) */
  maxUserNameLength: 32,
} as const;

/** the instance types a notebook instance may have (CreateNotebookInstance `InstanceType`). */
export const NOTEBOOK_INSTANCE_TYPES: readonly string[] = Object.values(_InstanceType);

/** the instance types a Studio JupyterLab app may run on (`AppInstanceType`, without `system`). */
export const STUDIO_INSTANCE_TYPES: readonly string[] = Object.values(AppInstanceType).filter((t) => t !== 'system');

/** an IAM role or user that may open a user's workspace. */
const identityArn = z
  .string({ error: 'must be the ARN of the IAM role or user that may open this workspace, e.g. "arn:aws:iam::111111111111:role/DataScientist"' })
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/, {
    error: 'must be an IAM role or user ARN such as "arn:aws:iam::111111111111:role/DataScientist" (a role assumed through SSO is named by its role ARN, not the assumed-role session)',
  });

/** a key prefix of the training-data bucket, ending with "/". */
const dataPrefix = z
  .string()
  .regex(/^(?!\/)[A-Za-z0-9!_.*'()\-/=+]{1,900}\/$/, { error: 'must be a key prefix of the training-data bucket without a leading "/" and ending with "/", e.g. "iris/"' });

/** one data scientist of the workspace. */
export const workspaceUserSchema = z.strictObject({
  name: z
    .string({ error: 'must name the user, e.g. "alice"' })
    .max(WORKSPACE_LIMITS.maxUserNameLength, { error: `is longer than ${WORKSPACE_LIMITS.maxUserNameLength} characters; it names the user's notebook or Studio profile and IAM roles, so keep it short` })
    .regex(/^[a-z0-9](-?[a-z0-9])*$/, {
      error: 'must be lowercase letters and digits with single "-" between them (SageMaker profile and notebook names allow no other characters, and S3 prefixes and role names are built from it), e.g. "alice" or "data-team-1"',
    })
    .describe('the user name: the Studio user profile, or the notebook instance "<prefix>-ws-<name>", and the scratch prefix "<writePrefix><name>/"; e.g. data-scientist'),
  identity: identityArn.describe('the IAM role or user that may open this workspace (it may assume the "<prefix>-ws-<name>-open" role); e.g. arn:aws:iam::111111111111:role/DataScientist'),
});

/** the private data-science workspace beside the training stack. */
export const workspaceSchema = z.strictObject({
  account: accountId.optional().describe('the account of the workspace; it must be the tooling account, where the training data lives (the default); e.g. "111111111111"'),
  region: region.optional().describe('the region of the workspace; it must be the tooling region (the default): an S3 gateway endpoint reaches only buckets of its own region; e.g. eu-west-1'),
  kind: z
    .enum(['studio', 'notebook'], { error: 'must be "studio" (a SageMaker domain in VpcOnly mode with one user profile per user) or "notebook" (one notebook instance per user)' })
    .describe('studio: a VpcOnly SageMaker Studio domain; notebook: SageMaker notebook instances'),
  users: z
    .array(workspaceUserSchema)
    .min(1, { error: 'must list at least one user, e.g. [{ name: alice, identity: "arn:aws:iam::111111111111:role/DataScientist" }]' })
    .max(50, { error: 'lists more than 50 users; split the team or raise the limit in config/workspace-schema.ts' })
    .describe('the data scientists, each with the identity that may open their workspace'),
  instanceType: z
    .string({ error: 'must be a SageMaker instance type such as "ml.t3.medium"' })
    .default('ml.t3.medium')
    .describe('the notebook instance type, or the default instance of a Studio JupyterLab space'),
  idleTimeoutMinutes: z
    .number({ error: 'must be a number of minutes, e.g. 60' })
    .int({ error: 'must be a whole number of minutes' })
    .min(WORKSPACE_LIMITS.minIdleMinutes, { error: `must be at least ${WORKSPACE_LIMITS.minIdleMinutes} minutes (SageMaker's IdleSettings minimum)` })
    .max(WORKSPACE_LIMITS.maxIdleMinutes, { error: `must be at most ${WORKSPACE_LIMITS.maxIdleMinutes} minutes (365 days, SageMaker's IdleSettings maximum)` })
    .default(60)
    .describe('an app or notebook with no kernel or terminal activity for this long is stopped; an idle workspace then costs only its endpoints and storage'),
  volumeSizeGb: z
    .number({ error: 'must be a number of GB, e.g. 5' })
    .int({ error: 'must be a whole number of GB' })
    .min(WORKSPACE_LIMITS.minVolumeGb, { error: `must be at least ${WORKSPACE_LIMITS.minVolumeGb} GB (SageMaker's minimum storage volume)` })
    .max(WORKSPACE_LIMITS.maxVolumeGb, { error: `must be at most ${WORKSPACE_LIMITS.maxVolumeGb} GB (SageMaker's maximum storage volume)` })
    .default(5)
    .describe('the storage volume of each notebook instance or Studio space, encrypted with the workspace key'),
  data: z
    .strictObject({
      readPrefixes: z
        .array(dataPrefix)
        .min(1, { error: 'must list at least one prefix, or leave readPrefixes out to read the whole bucket' })
        .optional()
        .describe('prefixes of the training-data bucket users may read (default: the whole bucket); e.g. [iris/]'),
      writePrefix: dataPrefix.default('workspace/').describe('users write only under "<writePrefix><user>/" of the training-data bucket'),
      ingestionPrincipals: z
        .array(identityArn)
        .default([])
        .describe('IAM roles or users that may assume "<prefix>-training-data-ingestion" to upload data from outside the VPCs (the only way in besides the workspace)'),
    })
    .prefault({})
    .describe('what the workspace may read and write of the training-data bucket, and who may bring data in'),
  network: networkSchema
    .optional()
    .describe('a VPC of its own for the workspace (with its own interface endpoints); left out, the workspace shares the training network and adds only the notebook or Studio endpoint'),
});

export type WorkspaceConfig = z.output<typeof workspaceSchema>;
