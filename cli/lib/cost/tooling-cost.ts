import type { AppConfig, ModelConfig } from '../../../config';
import { DEFAULT_MODEL_NAME } from '../../../config';
import type { CostLine } from './cost-line';
import { costLine, plural, totalCents } from './cost-line';
import { PriceMissingError } from './price-missing-error';
import type { PriceTable } from './price-table';
import { interfaceEndpointLines, kmsLines, logLines } from './stage-cost';
import { workspaceCost } from './workspace-cost';

/** training with and without managed spot, for comparison. */
export interface TrainingCost {
  /** what training costs as configured (spot or on-demand), one line per model of the catalogue: the lines counted in the total */
  readonly counted: readonly CostLine[];
  /** the same runs of every model on managed spot */
  readonly withSpotCents: number;
  /** the same runs of every model on demand */
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

/** the training runs of a month of one model, on spot and on demand. */
function modelTrainingCost(model: ModelConfig, label: string, prices: PriceTable, path: string): { counted: CostLine; withSpot: CostLine; withoutSpot: CostLine } {
  const { instanceType, instanceCount, spot } = model.training;
  const onDemand = prices.sagemaker.trainingPerInstanceHour[instanceType];
  if (onDemand === undefined) throw new PriceMissingError('training', instanceType, path, Object.keys(prices.sagemaker.trainingPerInstanceHour));
  const { runsPerMonth, hoursPerRun, spotDiscountPercent } = prices.assumptions.training;
  const instanceHours = runsPerMonth * hoursPerRun * instanceCount;
  const basis = `${plural(runsPerMonth, 'run')} x ${hoursPerRun} h x ${plural(instanceCount, 'instance')}`;
  // rounded to a millionth of a dollar so the printed unit price carries no float noise
  const spotPrice = Math.round(onDemand * (100 - spotDiscountPercent) * 10_000) / 1_000_000;
  const withSpot = costLine(`${label} ${instanceType}, managed spot (${spotDiscountPercent} % off)`, basis, instanceHours, 'instance-hour', spotPrice);
  const withoutSpot = costLine(`${label} ${instanceType}, on demand`, basis, instanceHours, 'instance-hour', onDemand);
  return { counted: spot ? withSpot : withoutSpot, withSpot, withoutSpot };
}

/**
 * the training runs of a month of every model of the catalogue, on spot and on demand. Each model
 * is priced at the assumed runs a month (a commit retrains only the models it changes, so this is
 * the most a month costs at that commit rate).
 */
export function trainingCost(config: AppConfig, prices: PriceTable): TrainingCost {
  const one = config.models.length === 1 && config.models[0].name === DEFAULT_MODEL_NAME;
  const runs = config.models.map((model) =>
    modelTrainingCost(model, one ? 'training' : `training model ${model.name},`, prices, one ? 'training.instanceType' : `models.${model.name}.instanceType (or training.instanceType)`),
  );
  return { counted: runs.map((r) => r.counted), withSpotCents: totalCents(runs.map((r) => r.withSpot)), withoutSpotCents: totalCents(runs.map((r) => r.withoutSpot)) };
}

/** the monthly estimate of the tooling account. */
export function toolingCost(config: AppConfig, prices: PriceTable): ToolingCost {
  const a = prices.assumptions;
  const training = trainingCost(config, prices);
  const lines = [
    ...training.counted,
    ...interfaceEndpointLines(config.training.network.maxAzs, prices),
    ...kmsLines(a.kms.keysInTooling, prices),
    ...logLines(a.logs.ingestedGbInTooling, a.logs.storedGbInTooling, prices),
    costLine('S3 storage (models, training data, artifacts)', `${a.storage.s3GbInTooling} GB kept`, a.storage.s3GbInTooling, 'GB-month', prices.s3.standardPerGbMonth),
  ];
  const workspace = workspaceCost(config, prices);
  lines.push(...(workspace?.lines ?? []));
  const other = config.models.every((m) => m.training.spot) ? `on demand it would be ${(training.withoutSpotCents / 100).toFixed(2)} USD` : `on managed spot it would be ${(training.withSpotCents / 100).toFixed(2)} USD`;
  const notes = [`training: ${(totalCents(training.counted) / 100).toFixed(2)} USD as configured; ${other}`, ...(workspace?.notes ?? [])];
  if (config.models.length > 1) notes.push(`training prices each of the ${config.models.length} models of the catalogue at ${prices.assumptions.training.runsPerMonth} runs a month; a commit retrains only the models it changes`);
  const region = config.tooling.region;
  if (region !== prices.region) notes.push(`priced with ${prices.region} prices; ${region} prices differ`);
  return { region, lines, training, notes };
}
