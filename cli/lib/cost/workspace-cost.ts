import type { AppConfig } from '../../../config';
import type { CostLine } from './cost-line';
import { costLine, plural } from './cost-line';
import { PriceMissingError } from './price-missing-error';
import type { PriceTable } from './price-table';
import { interfaceEndpointLines } from './stage-cost';

/** what the workspace adds to the tooling account: the lines, and what it costs when nobody works. */
export interface WorkspaceCost {
  /** the priced items */
  readonly lines: readonly CostLine[];
  /** the part billed whether or not anyone works (endpoints, key, storage), in cents */
  readonly idleCents: number;
  /** remarks */
  readonly notes: readonly string[];
}

/**
 * the monthly cost of the workspace: its notebook or Studio endpoint in every AZ (and a whole
 * network's endpoints when it has its own VPC), its key, the users' volumes (and Studio's home file
 * system), and the instances while they run; idle instances are stopped and cost nothing.
 */
export function workspaceCost(config: AppConfig, prices: PriceTable): WorkspaceCost | undefined {
  const workspace = config.workspace;
  if (workspace === undefined) return undefined;
  const a = prices.assumptions.workspace;
  const users = workspace.users.length;
  const maxAzs = workspace.network?.maxAzs ?? config.training.network.maxAzs;
  const ui = workspace.kind === 'studio' ? 'Studio' : 'notebook';
  const table = workspace.kind === 'studio' ? prices.workspace.studioPerInstanceHour : prices.workspace.notebookPerInstanceHour;
  const instancePrice = table[workspace.instanceType];
  if (instancePrice === undefined) throw new PriceMissingError('workspace', workspace.instanceType, 'workspace.instanceType', Object.keys(table));
  const idle: CostLine[] = [
    ...(workspace.network ? interfaceEndpointLines(workspace.network.maxAzs, prices).map((l) => ({ ...l, item: `workspace network: ${l.item}` })) : []),
    costLine(`workspace ${ui} endpoint`, `1 x ${plural(maxAzs, 'AZ')} x ${prices.hoursPerMonth} h`, maxAzs * prices.hoursPerMonth, 'endpoint-AZ-hour', prices.vpc.interfaceEndpointPerAzHour),
    costLine('workspace KMS key', '1 key', 1, 'key-month', prices.kms.perKeyMonth),
    costLine(`workspace volumes (${workspace.volumeSizeGb} GB each)`, `${plural(users, 'user')} x ${workspace.volumeSizeGb} GB`, users * workspace.volumeSizeGb, 'GB-month', prices.workspace.storagePerGbMonth),
    ...(workspace.kind === 'studio' ? [costLine('Studio home file system (EFS)', `${plural(users, 'user')} x ${a.homeGbPerUser} GB`, users * a.homeGbPerUser, 'GB-month', prices.workspace.efsPerGbMonth)] : []),
  ];
  const hours = users * a.activeHoursPerUserPerMonth;
  const running = costLine(`workspace ${workspace.instanceType} while in use`, `${plural(users, 'user')} x ${a.activeHoursPerUserPerMonth} h (stopped after ${workspace.idleTimeoutMinutes} idle minutes)`, hours, 'instance-hour', instancePrice);
  const idleCents = idle.reduce((sum, l) => sum + l.monthlyCents, 0);
  const notes = [
    `workspace: ${(idleCents / 100).toFixed(2)} USD a month when nobody works (endpoints, key, storage; idle instances are stopped, none billed); each hour in use adds ${instancePrice} USD per user`,
    ...(workspace.network ? [] : ['workspace: shares the training network, so it adds only its own endpoint to the VPC\'s interface endpoints']),
  ];
  return { lines: [...idle, running], idleCents, notes };
}
