import type { z } from 'zod';
import type { ChannelConfig } from './training-schema';
import type { WorkspaceConfig } from './workspace-schema';
import { NOTEBOOK_INSTANCE_TYPES, STUDIO_INSTANCE_TYPES } from './workspace-schema';

/** what the workspace checks need of the rest of the file. */
interface WorkspaceContext {
  readonly tooling: { readonly account: string; readonly region: string };
  readonly training: { readonly channels: Readonly<Record<string, ChannelConfig>> };
}

/** the closest few entries of a list that start like `value`, for "did you mean". */
function similar(value: string, options: readonly string[]): string[] {
  const family = value.split('.').slice(0, 2).join('.');
  const same = options.filter((o) => o.startsWith(`${family}.`));
  return (same.length > 0 ? same : options.filter((o) => o.startsWith('ml.t3.'))).slice(0, 6);
}

/**
 * the workspace rules that span keys: the workspace lives with the training data (tooling account
 * and region), its instance type is one SageMaker offers for its kind, user names are distinct,
 * and users cannot write where training reads.
 */
export function checkWorkspace(workspace: WorkspaceConfig, config: WorkspaceContext, ctx: z.core.$RefinementCtx): void {
  const at = (...path: (string | number)[]) => ['workspace', ...path];
  if (workspace.account !== undefined && workspace.account !== config.tooling.account) {
    ctx.addIssue({
      code: 'custom',
      path: at('account'),
      input: workspace.account,
      message: `must be the tooling account ${config.tooling.account}: the training data and the training network live there and the training-data bucket's policy names the workspace's VPC endpoint, which only a stack of that account can reference; leave account out`,
    });
  }
  if (workspace.region !== undefined && workspace.region !== config.tooling.region) {
    ctx.addIssue({
      code: 'custom',
      path: at('region'),
      input: workspace.region,
      message: `must be the tooling region ${config.tooling.region}: the workspace reads the training data through an S3 gateway endpoint, which reaches only buckets of its own region; leave region out`,
    });
  }
  const allowed = workspace.kind === 'notebook' ? NOTEBOOK_INSTANCE_TYPES : STUDIO_INSTANCE_TYPES;
  if (!allowed.includes(workspace.instanceType)) {
    const what = workspace.kind === 'notebook' ? 'a notebook instance type (CreateNotebookInstance InstanceType)' : 'an instance type of a Studio JupyterLab app (AppInstanceType)';
    ctx.addIssue({
      code: 'custom',
      path: at('instanceType'),
      input: workspace.instanceType,
      message: `is not ${what}; use one such as ${similar(workspace.instanceType, allowed).join(', ')}`,
    });
  }
  const seen = new Map<string, number>();
  workspace.users.forEach((user, i) => {
    const first = seen.get(user.name);
    if (first === undefined) seen.set(user.name, i);
    else ctx.addIssue({ code: 'custom', path: at('users', i, 'name'), input: user.name, message: `repeats the name of workspace.users[${first}]; give every user a different name` });
  });
  const write = workspace.data.writePrefix;
  for (const [name, channel] of Object.entries(config.training.channels)) {
    if (channel.prefix.startsWith(write) || write.startsWith(channel.prefix)) {
      ctx.addIssue({
        code: 'custom',
        path: at('data', 'writePrefix'),
        input: write,
        message: `overlaps the prefix "${channel.prefix}" of training channel "${name}": workspace users could change the data of a declared dataVersion; choose a prefix of its own, e.g. "workspace/"`,
      });
    }
  }
}
