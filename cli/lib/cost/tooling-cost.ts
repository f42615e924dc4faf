import type { AppConfig } from '../../../config';
import type { CostLine } from './cost-line';
import { costLine, plural } from './cost-line';
import { PriceMissingError } from './price-missing-error';
import type { PriceTable } from './price-table';
import { interfaceEndpointLines, kmsLines, logLines } from './stage-cost';
import { workspaceCost } from './workspace-cost';

/** training with and without managed spot, for comparison. */
export interface TrainingCost {
  /** what training costs as configured (spot or on-demand): the line counted in the total */
  readonly counted: CostLine;
  /** the same runs on managed spot */
  readonly withSpotCents: number;
  /** the same runs on demand */
  readonly withoutSpotCents: number;
}

/** the monthly estimate of the tooling account: training, its network, keys, logs and storage. */
export interface ToolingCost {
  /** the tooling region */
  readonly region: string;
  /** the priced items, training first */
  readonly lines: readonly CostLine[];
  /** training with and without spot */
  readonly training: TrainingCost;
  /** remarks */
  readonly notes: readonly string[];
}

/** the training runs of a month, on spot and on demand. */
export function trainingCost(config: AppConfig, prices: PriceTable): TrainingCost {
  const { instanceType, instanceCount, spot } = config.training;
  const onDemand = prices.sagemaker.trainingPerInstanceHour[instanceType];
  if (onDemand === undefined) throw new PriceMissingError('training', instanceType, 'training.instanceType', Object.keys(prices.sagemaker.trainingPerInstanceHour));
  const { runsPerMonth, hoursPerRun, spotDiscountPercent } = prices.assumptions.training;
  const instanceHours = runsPerMonth * hoursPerRun * instanceCount;
  const basis = `${plural(runsPerMonth, 'run')} x ${hoursPerRun} h x ${plural(instanceCount, 'instance')}`;
  // rounded to a millionth of a dollar so the printed unit price carries no float noise
  const spotPrice = Math.round(onDemand * (100 - spotDiscountPercent) * 10_000) / 1_000_000;
  const withSpot = costLine(`training ${instanceType}, managed spot (${spotDiscountPercent} % off)`, basis, instanceHours, 'instance-hour', spotPrice);
  const withoutSpot = costLine(`training ${instanceType}, on demand`, basis, instanceHours, 'instance-hour', onDemand);
  return { counted: spot ? withSpot : withoutSpot, withSpotCents: withSpot.monthlyCents, withoutSpotCents: withoutSpot.monthlyCents };
}

/** the monthly estimate of the tooling account. */
export function toolingCost(config: AppConfig, prices: PriceTable): ToolingCost {
  const a = prices.assumptions;
  const training = trainingCost(config, prices);
  const lines = [
    training.counted,
    ...interfaceEndpointLines(config.training.network.maxAzs, prices),
    ...kmsLines(a.kms.keysInTooling, prices),
    ...logLines(a.logs.ingestedGbInTooling, a.logs.storedGbInTooling, prices),
    costLine('S3 storage (models, training data, artifacts)', `${a.storage.s3GbInTooling} GB kept`, a.storage.s3GbInTooling, 'GB-month', prices.s3.standardPerGbMonth),
  ];
  const workspace = workspaceCost(config, prices);
  lines.push(...(workspace?.lines ?? []));
  const other = config.training.spot ? `on demand it would be ${(training.withoutSpotCents / 100).toFixed(2)} USD` : `on managed spot it would be ${(training.withSpotCents / 100).toFixed(2)} USD`;
  const notes = [`training: ${(training.counted.monthlyCents / 100).toFixed(2)} USD as configured; ${other}`, ...(workspace?.notes ?? [])];
  const region = config.tooling.region;
  if (region !== prices.region) notes.push(`priced with ${prices.region} prices; ${region} prices differ`);
  return { region, lines, training, notes };
}
