import type { AppConfig } from './app-config';

/**
 * the physical names of the workspace, shared by its stack and `mlpipe workspace open` so the
 * command finds what the stack made without reading stack outputs.
 */

/** the Studio domain, e.g. `mlops-workspace`. */
export function workspaceDomainName(config: Pick<AppConfig, 'project'>): string {
  return `${config.project.prefix}-workspace`;
}

/** a user's notebook instance, e.g. `mlops-ws-alice`. */
export function workspaceNotebookName(config: Pick<AppConfig, 'project'>, user: string): string {
  return `${config.project.prefix}-ws-${user}`;
}

/** the role a user's notebook or Studio apps run as, e.g. `mlops-ws-alice`. */
export function workspaceExecutionRoleName(config: Pick<AppConfig, 'project'>, user: string): string {
  return `${config.project.prefix}-ws-${user}`;
}

/** the role a user's identity assumes to open the workspace, e.g. `mlops-ws-alice-open`. */
export function workspaceOpenRoleName(config: Pick<AppConfig, 'project'>, user: string): string {
  return `${config.project.prefix}-ws-${user}-open`;
}

/** the role that may bring training data in from outside the VPCs, e.g. `mlops-training-data-ingestion`. */
export function ingestionRoleName(config: Pick<AppConfig, 'project'>): string {
  return `${config.project.prefix}-training-data-ingestion`;
}

/** the prefix of training jobs a user may start, e.g. `mlops-ws-alice-`. */
export function workspaceTrainingJobPrefix(config: Pick<AppConfig, 'project'>, user: string): string {
  return `${config.project.prefix}-ws-${user}-`;
}
