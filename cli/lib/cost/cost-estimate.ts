import type { AppConfig } from '../../../config';
import { ExitCode } from '../../exit-codes';
import { ReleaseError } from '../release/release-error';
import { totalCents } from './cost-line';
import type { CostAssumptions, PriceTable } from './price-table';
import type { StageCost } from './stage-cost';
import { stageCost } from './stage-cost';
import type { ToolingCost } from './tooling-cost';
import { toolingCost } from './tooling-cost';

/** a monthly estimate of the whole app, or of one stage. */
export interface CostEstimate {
  /** where the prices come from */
  readonly prices: Pick<PriceTable, 'region' | 'currency' | 'asOf' | 'verified' | 'source' | 'note' | 'hoursPerMonth'>;
  /** the assumptions the figures rest on */
  readonly assumptions: CostAssumptions;
  /** every stage in every region (or the one asked for) */
  readonly stages: readonly StageCost[];
  /** the tooling account, when the whole app is estimated */
  readonly tooling?: ToolingCost;
  /** the sum of every line, in cents */
  readonly totalCents: number;
  /** what the estimate leaves out */
  readonly excluded: readonly string[];
}

/** what no estimate includes, printed with it. */
export const EXCLUDED = [
  'CodePipeline, CodeBuild and ECR (pipeline runs, build minutes, image storage)',
  'extra instances while a blue/green deployment runs both fleets',
  'SageMaker ML storage volumes, data transfer out of AWS, and the free tier',
  "the artifact replica and regional model stores of stages in other regions than the pipeline's (buckets and keys)",
];

/**
 * the monthly estimate of a config: each stage in each of its regions, plus the tooling account
 * (training, its network, keys, logs, storage) unless one stage is asked for.
 * @param stageName one stage, matched without regard to case; a name not in the config fails listing the stages
 */
export function estimateCost(config: AppConfig, prices: PriceTable, stageName?: string): CostEstimate {
  let stages = config.stages;
  if (stageName !== undefined) {
    const stage = stages.find((s) => s.name.toLowerCase() === stageName.toLowerCase());
    if (!stage) {
      throw new ReleaseError(ExitCode.STAGE_NOT_FOUND, `stage '${stageName}' is not in the config; its stages are: ${stages.map((s) => s.name).join(', ')}`);
    }
    stages = [stage];
  }
  const stageCosts = stages.flatMap((stage) => stage.regions.map((region) => stageCost(stage, region, prices)));
  const tooling = stageName === undefined ? toolingCost(config, prices) : undefined;
  const { region, currency, asOf, verified, source, note, hoursPerMonth } = prices;
  return {
    prices: { region, currency, asOf, verified, source, note, hoursPerMonth },
    assumptions: prices.assumptions,
    stages: stageCosts,
    ...(tooling ? { tooling } : {}),
    totalCents: stageCosts.reduce((sum, s) => sum + totalCents(s.lines), 0) + (tooling ? totalCents(tooling.lines) : 0),
    excluded: stageName === undefined ? EXCLUDED : [...EXCLUDED, 'the tooling account (training, its network, keys, logs and storage): run without --stage to include it'],
  };
}
