import { EXCLUDED, estimateCost } from '../../../cli/lib/cost/cost-estimate';
import { costLine, formatQuantity, formatUsd, plural } from '../../../cli/lib/cost/cost-line';
import { costJson } from '../../../cli/lib/cost/format-cost';
import { defaultPriceTable, parsePriceTable } from '../../../cli/lib/cost/price-table';
import type { PriceTable } from '../../../cli/lib/cost/price-table';
import prices from '../../../cli/lib/cost/prices.eu-west-1.json';
import { configWith } from './config-yaml';

const table = defaultPriceTable();
const STAGING = '{ name: Staging, account: "222222222222", regions: [eu-west-1] }';
const itemsOf = (lines: readonly { item: string }[]) => lines.map((l) => l.item);
const withTable = (change: (t: PriceTable) => void): PriceTable => {
  const copy = JSON.parse(JSON.stringify(table)) as PriceTable;
  change(copy);
  return copy;
};

describe('cost lines: rounding and printing', () => {
  test('rounds half a cent up and just under half a cent down', () => {
    expect(costLine('x', 'b', 1, 'GB', 0.005).monthlyCents).toBe(1);
    expect(costLine('x', 'b', 1, 'GB', 0.0049).monthlyCents).toBe(0);
    expect(costLine('x', 'b', 3, 'GB', 0.5)).toEqual({ item: 'x', basis: 'b', quantity: 3, unit: 'GB', unitPriceUsd: 0.5, monthlyCents: 150 });
  });

  test('prints cents under a dollar, exact thousands and negative amounts', () => {
    expect([formatUsd(-5), formatUsd(99), formatUsd(100), formatUsd(100_000_00), formatUsd(-123_456)]).toEqual(['-0.05', '0.99', '1.00', '100,000.00', '-1,234.56']);
  });

  test('prints at most four decimals, and plurals for every count but one', () => {
    expect([formatQuantity(1 / 3), formatQuantity(1234567.5)]).toEqual(['0.3333', '1,234,567.5']);
    expect([plural(0, 'key'), plural(1, 'key'), plural(2, 'key'), plural(1.5, 'GB')]).toEqual(['0 keys', '1 key', '2 keys', '1.5 GBs']);
  });
});

describe('stage lines', () => {
  test('a stage prints its hosting, data, network, keys and logs, in that order, with the priced quantities', () => {
    const a = table.assumptions;
    const stage = estimateCost(configWith([STAGING]), table).stages[0];
    expect(stage.lines.map((l) => [l.item, l.basis, l.quantity, l.unit, l.unitPriceUsd])).toEqual([
      ['endpoint ml.m5.large', '1 instance x 1 variant x 730 h', 730, 'instance-hour', table.sagemaker.hostingPerInstanceHour['ml.m5.large']],
      ['endpoint data processed (in + out)', `${plural(a.endpoint.requestsPerMonth, 'request')} x ${a.endpoint.averagePayloadKb} KB`, (a.endpoint.requestsPerMonth * a.endpoint.averagePayloadKb) / 1_000_000, 'GB', table.sagemaker.dataProcessedPerGb],
      ['interface endpoints (7 services)', '7 x 2 AZs x 730 h', 7 * 2 * 730, 'endpoint-AZ-hour', table.vpc.interfaceEndpointPerAzHour],
      ['interface endpoint data', `${a.interfaceEndpoints.dataGbPerMonth} GB`, a.interfaceEndpoints.dataGbPerMonth, 'GB', table.vpc.interfaceEndpointDataPerGb],
      ['KMS keys', plural(a.kms.keysPerStage, 'key'), a.kms.keysPerStage, 'key-month', table.kms.perKeyMonth],
      ['KMS requests', `${plural(a.kms.keysPerStage, 'key')} x ${formatQuantity(a.kms.requestsPerKeyPerMonth)} requests`, (a.kms.keysPerStage * a.kms.requestsPerKeyPerMonth) / 10_000, '10k requests', table.kms.per10kRequests],
      ['CloudWatch Logs ingestion', `${a.logs.ingestedGbPerStage} GB`, a.logs.ingestedGbPerStage, 'GB', table.cloudwatchLogs.ingestionPerGb],
      ['CloudWatch Logs storage', `${a.logs.storedGbPerStage} GB kept`, a.logs.storedGbPerStage, 'GB-month', table.cloudwatchLogs.storagePerGbMonth],
    ]);
    expect(stage.notes).toEqual([]);
  });

  test('a multi-model endpoint is named as one', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1], endpoint: { kind: multiModel } }']);
    expect(estimateCost(config, table).stages[0].lines[0].item).toBe('multi-model endpoint ml.m5.large');
  });

  test('the noted peak is the autoscaling maximum when the schedules stay below it, or set no maximum', () => {
    const config = configWith([
      '{ name: Staging, account: "222222222222", regions: [eu-west-1], endpoint: { instance: { initialInstanceCount: 1 }, variants: 2, scaling: { minCapacity: 1, maxCapacity: 5, scheduled: [{ name: low, schedule: "cron(0 22 ? * * *)", maxCapacity: 3 }, { name: min, schedule: "cron(0 6 ? * * *)", minCapacity: 2 }] } } }',
    ]);
    const price = table.sagemaker.hostingPerInstanceHour['ml.m5.large'];
    expect(estimateCost(config, table).stages[0].notes).toEqual([
      `priced at the initial 1 instance per variant; autoscaling and scheduled actions may run up to 5: up to ${((Math.round(5 * 2 * 730 * price * 100)) / 100).toFixed(2)} USD a month for the endpoint instances`,
    ]);
  });

  test('a serverless endpoint prints its request basis, and no data capture even when asked for', () => {
    const config = configWith(['{ name: Dev, account: "222222222222", regions: [eu-west-1], endpoint: { kind: serverless, serverless: { memorySizeMb: 1024 } } }']);
    const stage = estimateCost(config, table).stages[0];
    const { requestsPerMonth, averageDurationMs } = table.assumptions.endpoint;
    expect(stage.lines[0].basis).toBe(`${plural(requestsPerMonth, 'request')} x ${averageDurationMs} ms x 1 GB`);
    expect(itemsOf(stage.lines).some((i) => i.startsWith('S3 data capture'))).toBe(false);
    expect(stage.notes).toEqual([]);
  });

  test('provisioned concurrency prints its basis and prices the compute at the provisioned rate', () => {
    const config = configWith(['{ name: Dev, account: "222222222222", regions: [eu-west-1], endpoint: { kind: serverless, serverless: { memorySizeMb: 2048, maxConcurrency: 10, provisionedConcurrency: 3 } } }']);
    const [provisioned, compute] = estimateCost(config, table).stages[0].lines;
    const { requestsPerMonth, averageDurationMs } = table.assumptions.endpoint;
    expect(provisioned).toMatchObject({ item: 'serverless provisioned concurrency (2048 MB)', basis: '3 x 2 GB x 730 h', quantity: 3 * 2 * 730 * 3600, unit: 'GB-second' });
    expect(compute).toMatchObject({ item: 'serverless compute on provisioned concurrency', quantity: (requestsPerMonth * averageDurationMs * 2) / 1000, unit: 'GB-second' });
  });

  test('data capture storage is priced at the S3 rate for the assumed GB', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1], endpoint: { dataCapture: { enabled: true } } }']);
    const line = estimateCost(config, table).stages[0].lines.find((l) => l.item === 'S3 data capture storage');
    const gb = table.assumptions.storage.dataCaptureGbPerStage;
    expect(line).toMatchObject({ basis: `${gb} GB kept`, quantity: gb, unit: 'GB-month', unitPriceUsd: table.s3.standardPerGbMonth });
  });
});

describe('the tooling account', () => {
  test('prints training, network, keys, logs and S3, noting what on demand would cost when every model is on spot', () => {
    const tooling = estimateCost(configWith([STAGING]), table).tooling;
    const a = table.assumptions;
    expect(tooling?.region).toBe('eu-west-1');
    expect(itemsOf(tooling?.lines ?? [])).toEqual([
      `training ml.m5.large, managed spot (${a.training.spotDiscountPercent} % off)`,
      'interface endpoints (7 services)',
      'interface endpoint data',
      'KMS keys',
      'KMS requests',
      'CloudWatch Logs ingestion',
      'CloudWatch Logs storage',
      'S3 storage (models, training data, artifacts)',
    ]);
    expect(tooling?.lines[1].quantity).toBe(7 * 2 * 730);
    expect(tooling?.lines[3].quantity).toBe(a.kms.keysInTooling);
    expect(tooling?.lines[7]).toMatchObject({ basis: `${a.storage.s3GbInTooling} GB kept`, quantity: a.storage.s3GbInTooling, unitPriceUsd: table.s3.standardPerGbMonth });
    const t = tooling?.training;
    expect(tooling?.notes).toEqual([`training: ${((t?.withSpotCents ?? 0) / 100).toFixed(2)} USD as configured; on demand it would be ${((t?.withoutSpotCents ?? 0) / 100).toFixed(2)} USD`]);
  });

  test('the one default model on spot: every line priced to the cent, and the on-demand figure noted', () => {
    const tooling = estimateCost(configWith([STAGING]), table).tooling;
    expect(tooling?.lines.map((l) => [l.item, l.basis, l.quantity, l.unit, l.unitPriceUsd, l.monthlyCents])).toEqual([
      // 0.128 x (100 - 70) % = 0.0384 USD; 8 runs x 1 h x 1 instance = 8 h: 0.3072 USD
      ['training ml.m5.large, managed spot (70 % off)', '8 runs x 1 h x 1 instance', 8, 'instance-hour', 0.0384, 31],
      // 7 x 2 x 730 = 10220 x 0.011 = 112.42 USD
      ['interface endpoints (7 services)', '7 x 2 AZs x 730 h', 10220, 'endpoint-AZ-hour', 0.011, 11242],
      ['interface endpoint data', '5 GB', 5, 'GB', 0.01, 5],
      ['KMS keys', '4 keys', 4, 'key-month', 1, 400],
      // 4 x 10,000 = 40,000 requests = 4 x 10k x 0.03
      ['KMS requests', '4 keys x 10,000 requests', 4, '10k requests', 0.03, 12],
      ['CloudWatch Logs ingestion', '10 GB', 10, 'GB', 0.57, 570],
      ['CloudWatch Logs storage', '60 GB kept', 60, 'GB-month', 0.03, 180],
      ['S3 storage (models, training data, artifacts)', '50 GB kept', 50, 'GB-month', 0.023, 115],
    ]);
    // on demand: 8 h x 0.128 = 1.024 USD
    expect(tooling?.training).toEqual({ counted: [tooling?.lines[0]], withSpotCents: 31, withoutSpotCents: 102 });
    expect(tooling?.notes).toEqual(['training: 0.31 USD as configured; on demand it would be 1.02 USD']);
  });

  test('one catalogue model with another name than the default is labelled and located by its name', () => {
    const config = configWith([STAGING], ['models: { churn: { spot: false } }']);
    const tooling = estimateCost(config, table).tooling;
    expect(tooling?.training.counted.map((l) => [l.item, l.monthlyCents])).toEqual([['training model churn, ml.m5.large, on demand', 102]]);
    expect(tooling?.notes).toEqual(['training: 1.02 USD as configured; on managed spot it would be 0.31 USD']);
    const withoutM5 = withTable((t) => {
      delete t.sagemaker.trainingPerInstanceHour['ml.m5.large'];
    });
    expect(() => estimateCost(config, withoutM5)).toThrow(/^no training price for ml\.m5\.large \(models\.churn\.instanceType \(or training\.instanceType\)\) in /);
  });

  test('on demand at 2 h a run: runs x hours x instances instance-hours at the on-demand price', () => {
    const twoHours = withTable((t) => {
      t.assumptions.training.hoursPerRun = 2;
    });
    const line = estimateCost(configWith([STAGING], ['training: { spot: false }']), twoHours).tooling?.lines[0];
    // 8 runs x 2 h x 1 instance = 16 h x 0.128 = 2.048 USD
    expect(line).toEqual({ item: 'training ml.m5.large, on demand', basis: '8 runs x 2 h x 1 instance', quantity: 16, unit: 'instance-hour', unitPriceUsd: 0.128, monthlyCents: 205 });
  });

  test('a catalogue of two whose first model has the default name still labels each model by name', () => {
    const tooling = estimateCost(configWith([STAGING], ['models: { default: {}, churn: {} }']), table).tooling;
    expect(tooling?.training.counted.map((l) => l.item)).toEqual(['training model default, ml.m5.large, managed spot (70 % off)', 'training model churn, ml.m5.large, managed spot (70 % off)']);
  });

  test('notes what spot would cost when a model trains on demand, and prices the spot rate to a millionth of a dollar', () => {
    const config = configWith([STAGING], ['models: { iris-softmax: {}, iris-big: { spot: false } }']);
    const t = estimateCost(config, table).tooling;
    expect(t?.notes[0]).toBe(`training: ${(((t?.training.counted[0].monthlyCents ?? 0) + (t?.training.counted[1].monthlyCents ?? 0)) / 100).toFixed(2)} USD as configured; on managed spot it would be ${((t?.training.withSpotCents ?? 0) / 100).toFixed(2)} USD`);
    const onDemand = table.sagemaker.trainingPerInstanceHour['ml.m5.large'];
    expect(t?.training.counted[0].unitPriceUsd).toBe(Math.round(onDemand * (100 - table.assumptions.training.spotDiscountPercent) * 10_000) / 1_000_000);
    expect(t?.training.counted[0].basis).toBe(`${plural(table.assumptions.training.runsPerMonth, 'run')} x ${table.assumptions.training.hoursPerRun} h x 1 instance`);
  });

  test('notes that a tooling region other than the table\'s is priced with the table\'s prices', () => {
    const config = configWith([STAGING]);
    const other = withTable((t) => {
      t.region = 'us-east-1';
    });
    expect(estimateCost(config, other).tooling?.notes).toContain('priced with us-east-1 prices; eu-west-1 prices differ');
    expect(estimateCost(config, other).stages[0].notes).toEqual(['priced with us-east-1 prices; eu-west-1 prices differ']);
  });
});

describe('the estimate', () => {
  test('carries the table\'s facts and assumptions, and what it leaves out', () => {
    const estimate = estimateCost(configWith([STAGING]), table);
    const { region, currency, asOf, verified, source, note, hoursPerMonth } = table;
    expect(estimate.prices).toEqual({ region, currency, asOf, verified, source, note, hoursPerMonth });
    expect(estimate.assumptions).toEqual(table.assumptions);
    expect(estimate.excluded).toEqual(EXCLUDED);
  });

  test('one stage leaves out the tooling account and says how to include it', () => {
    const estimate = estimateCost(configWith([STAGING]), table, 'STAGING');
    expect(estimate.excluded).toEqual([...EXCLUDED, 'the tooling account (training, its network, keys, logs and storage): run without --stage to include it']);
    expect('tooling' in estimate).toBe(false);
  });

  test('--json adds dollars next to every line, the section totals and the whole total', () => {
    const estimate = estimateCost(configWith([STAGING]), table);
    const json = costJson(estimate) as { stages: { lines: { monthlyCents: number; monthlyUsd: number }[]; totalCents: number }[]; tooling: { totalCents: number; lines: { monthlyUsd: number }[] }; totalUsd: number };
    expect(json.stages[0].lines.every((l) => l.monthlyUsd === l.monthlyCents / 100)).toBe(true);
    expect(json.stages[0].totalCents).toBe(estimate.stages[0].lines.reduce((n, l) => n + l.monthlyCents, 0));
    expect(json.tooling.totalCents).toBe((estimate.tooling?.lines ?? []).reduce((n, l) => n + l.monthlyCents, 0));
    expect(json.totalUsd).toBe(estimate.totalCents / 100);
    expect('tooling' in (costJson(estimateCost(configWith([STAGING]), table, 'Staging')) as object)).toBe(false);
  });
});

describe('parsePriceTable', () => {
  test('accepts the table kept in the repository as it is', () => {
    expect(parsePriceTable(prices, 'p.json')).toEqual(table);
  });

  test('fails when the whole table is not an object, naming the top level', () => {
    expect(() => parsePriceTable([], 'p.json')).toThrow(/^price table p\.json is malformed; fix \(top level\): /);
  });
});
