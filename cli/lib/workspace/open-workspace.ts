import { CreatePresignedDomainUrlCommand, CreatePresignedNotebookInstanceUrlCommand, DescribeNotebookInstanceCommand, ListDomainsCommand, StartNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AppConfig } from '../../../config';
import { workspaceDomainName, workspaceNotebookName, workspaceOpenRoleName } from '../../../config/workspace-names';
import { ExitCode } from '../../exit-codes';
import { errorName } from '../aws/sdk-failure';

/** how long a presigned URL may be used to sign in: SageMaker's limit for both kinds is 5 minutes. */
export const URL_VALID_SECONDS = 300;

/** a workspace that cannot be opened now, with the exit code that says why. */
export class WorkspaceError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number,
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

/** a presigned URL and what the user must know about it. */
export interface OpenedWorkspace {
  /** the user */
  readonly user: string;
  /** studio or notebook */
  readonly kind: 'studio' | 'notebook';
  /** the presigned URL */
  readonly url: string;
  /** seconds the URL may be used to sign in */
  readonly validSeconds: number;
  /** how long the browser session lasts once signed in */
  readonly sessionSeconds: number;
}

/** the note printed with every URL. */
export function insideNetworkNote(config: AppConfig): string {
  return `the URL works only from inside the workspace network (over a VPN, Direct Connect or a bastion in the VPC, with the SageMaker API and ${config.workspace?.kind === 'notebook' ? 'notebook' : 'Studio'} endpoints resolvable), and only for ${URL_VALID_SECONDS / 60} minutes`;
}

/** the workspace user a name refers to, or a WorkspaceError naming the known users. */
export function workspaceUser(config: AppConfig, name: string) {
  const workspace = config.workspace;
  if (workspace === undefined) throw new WorkspaceError('the config has no workspace; add a `workspace:` section (see docs/workspace.md) and let the Train stage deploy it', ExitCode.WORKSPACE_OFF);
  const user = workspace.users.find((u) => u.name === name);
  if (user === undefined) {
    throw new WorkspaceError(`"${name}" is not a workspace user; the users are ${workspace.users.map((u) => u.name).join(', ')}`, ExitCode.WORKSPACE_USER_UNKNOWN);
  }
  return { workspace, user };
}

const notDeployed = (what: string, config: AppConfig) =>
  new WorkspaceError(`${what} does not exist in this account and region; deploy the Train stage with the workspace on (stack ${config.project.prefix}-workspace), or check AWS_REGION and the credentials' account`, ExitCode.WORKSPACE_NOT_DEPLOYED);

/**
 * a presigned URL for the user's notebook or Studio profile. The credentials must be those of the
 * user's open role (`<prefix>-ws-<user>-open`), and the call must go through the VPC's SageMaker
 * API endpoint: the role may ask for a URL nowhere else. A stopped notebook is started and the
 * command asks to be run again once it is in service.
 */
export async function openWorkspace(config: AppConfig, name: string, client: SageMakerClient, sessionSeconds: number): Promise<OpenedWorkspace> {
  const { workspace } = workspaceUser(config, name);
  if (workspace.kind === 'notebook') {
    const notebookName = workspaceNotebookName(config, name);
    let status: string | undefined;
    try {
      status = (await client.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: notebookName }))).NotebookInstanceStatus;
    } catch (err) {
      // SageMaker answers a missing notebook with a ValidationException ("RecordNotFound")
      if (errorName(err) === 'ValidationException' || errorName(err) === 'ResourceNotFound') throw notDeployed(`the notebook instance ${notebookName}`, config);
      throw err;
    }
    if (status === 'Stopped') {
      await client.send(new StartNotebookInstanceCommand({ NotebookInstanceName: notebookName }));
      throw new WorkspaceError(`the notebook ${notebookName} was stopped after ${workspace.idleTimeoutMinutes} idle minutes and is starting now; run the command again in a few minutes`, ExitCode.WORKSPACE_NOT_READY);
    }
    if (status !== 'InService') throw new WorkspaceError(`the notebook ${notebookName} is ${status ?? 'in an unknown state'}; run the command again when it is InService`, ExitCode.WORKSPACE_NOT_READY);
    const { AuthorizedUrl } = await client.send(new CreatePresignedNotebookInstanceUrlCommand({ NotebookInstanceName: notebookName, SessionExpirationDurationInSeconds: sessionSeconds }));
    if (!AuthorizedUrl) throw new WorkspaceError(`SageMaker returned no URL for ${notebookName}`, ExitCode.AWS_ERROR);
    return { user: name, kind: 'notebook', url: AuthorizedUrl, validSeconds: URL_VALID_SECONDS, sessionSeconds };
  }
  const domainName = workspaceDomainName(config);
  let domainId: string | undefined;
  let next: string | undefined;
  do {
    const page = await client.send(new ListDomainsCommand({ NextToken: next }));
    domainId = page.Domains?.find((d) => d.DomainName === domainName)?.DomainId;
    next = page.NextToken;
  } while (domainId === undefined && next);
  if (domainId === undefined) throw notDeployed(`the Studio domain ${domainName}`, config);
  try {
    const { AuthorizedUrl } = await client.send(
      new CreatePresignedDomainUrlCommand({ DomainId: domainId, UserProfileName: name, SessionExpirationDurationInSeconds: sessionSeconds, ExpiresInSeconds: URL_VALID_SECONDS }),
    );
    if (!AuthorizedUrl) throw new WorkspaceError(`SageMaker returned no URL for ${name} in ${domainName}`, ExitCode.AWS_ERROR);
    return { user: name, kind: 'studio', url: AuthorizedUrl, validSeconds: URL_VALID_SECONDS, sessionSeconds };
  } catch (err) {
    if (errorName(err) === 'ResourceNotFound') throw notDeployed(`the user profile ${name} of ${domainName}`, config);
    throw err;
  }
}

/** the hint added to an access-denied failure: which role to use, and from where. */
export function accessHint(config: AppConfig, name: string): string {
  return `use the credentials of ${workspaceOpenRoleName(config, name)} (e.g. a profile with role_arn = arn:aws:iam::${config.tooling.account}:role/${workspaceOpenRoleName(config, name)}), from inside the workspace network: the role may ask for a URL only through its VPC endpoints`;
}
