import { ExitCode } from '../../../cli/exit-codes';
import { estimateCost } from '../../../cli/lib/cost/cost-estimate';
import type { CostLine } from '../../../cli/lib/cost/cost-line';
import { totalCents } from '../../../cli/lib/cost/cost-line';
import { PriceMissingError } from '../../../cli/lib/cost/price-missing-error';
import { defaultPriceTable } from '../../../cli/lib/cost/price-table';
import { ReleaseError } from '../../../cli/lib/release/release-error';
import { configWith } from './config-yaml';

const prices = defaultPriceTable();
const hosting = prices.sagemaker.hostingPerInstanceHour;
const lineOf = (lines: readonly CostLine[], item: string) => lines.find((l) => l.item.startsWith(item));

describe('estimateCost', () => {
  test('an instance endpoint costs its instances x variants x hours', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1], endpoint: { instance: { instanceType: ml.c5.xlarge, initialInstanceCount: 2 }, variants: 2 } }']);
    const line = lineOf(estimateCost(config, prices).stages[0].lines, 'endpoint ml.c5.xlarge');
    expect(line).toMatchObject({ basis: '2 instances x 2 variants x 730 h', quantity: 4 * 730, unitPriceUsd: hosting['ml.c5.xlarge'] });
    expect(line?.monthlyCents).toBe(Math.round(4 * 730 * hosting['ml.c5.xlarge'] * 100));
  });

  test('an autoscaled endpoint is priced at its initial count and notes the peak', () => {
    const config = configWith([
      '{ name: Staging, account: "222222222222", regions: [eu-west-1], endpoint: { instance: { initialInstanceCount: 2 }, scaling: { minCapacity: 2, maxCapacity: 6, targetTracking: { targetValue: 100 } } } }',
    ]);
    const stage = estimateCost(config, prices).stages[0];
    expect(lineOf(stage.lines, 'endpoint ml.m5.large')?.quantity).toBe(2 * 730);
    expect(stage.notes).toEqual([
      `priced at the initial 2 instances per variant; autoscaling and scheduled actions may run up to 6: up to ${(6 * 730 * hosting['ml.m5.large']).toFixed(2)} USD a month for the endpoint instances`,
    ]);
  });

  test('a scheduled action above the autoscaling maximum raises the noted peak', () => {
    const config = configWith([
      '{ name: Staging, account: "222222222222", regions: [eu-west-1], endpoint: { instance: { initialInstanceCount: 2 }, scaling: { minCapacity: 2, maxCapacity: 4, scheduled: [{ name: peak, schedule: "cron(0 7 ? * MON-FRI *)", maxCapacity: 8 }] } } }',
    ]);
    expect(estimateCost(config, prices).stages[0].notes[0]).toContain('may run up to 8: up to');
  });

  test('a serverless endpoint costs GB-seconds at the assumed request volume', () => {
    const config = configWith(['{ name: Dev, account: "222222222222", regions: [eu-west-1], endpoint: { kind: serverless, serverless: { memorySizeMb: 3072 } } }']);
    const { requestsPerMonth, averageDurationMs } = prices.assumptions.endpoint;
    const gbSeconds = (requestsPerMonth * (averageDurationMs / 1000) * 3072) / 1024;
    expect(lineOf(estimateCost(config, prices).stages[0].lines, 'serverless')).toMatchObject({
      item: 'serverless compute (3072 MB)',
      quantity: gbSeconds,
      unit: 'GB-second',
      unitPriceUsd: prices.sagemaker.serverlessPerGbSecond,
      monthlyCents: Math.round(gbSeconds * prices.sagemaker.serverlessPerGbSecond * 100),
    });
  });

  test('provisioned concurrency is billed around the clock, and invocations at its own rate', () => {
    const config = configWith(['{ name: Dev, account: "222222222222", regions: [eu-west-1], endpoint: { kind: serverless, serverless: { memorySizeMb: 2048, maxConcurrency: 10, provisionedConcurrency: 2 } } }']);
    const lines = estimateCost(config, prices).stages[0].lines;
    expect(lineOf(lines, 'serverless provisioned concurrency')).toMatchObject({ quantity: 2 * 2 * 730 * 3600, unitPriceUsd: prices.sagemaker.serverlessProvisionedPerGbSecond });
    expect(lineOf(lines, 'serverless compute on provisioned')?.unitPriceUsd).toBe(prices.sagemaker.serverlessProvisionedInvocationPerGbSecond);
  });

  test('a serverless stage with provisioned concurrency: every line priced to the cent, and no network', () => {
    const config = configWith(['{ name: Dev, account: "222222222222", regions: [eu-west-1], endpoint: { kind: serverless, serverless: { memorySizeMb: 2048, maxConcurrency: 10, provisionedConcurrency: 3 } } }']);
    expect(estimateCost(config, prices).stages[0].lines.map((l) => [l.item, l.basis, l.quantity, l.unit, l.unitPriceUsd, l.monthlyCents])).toEqual([
      // 3 x 2 GB x 730 h x 3600 s = 15,768,000 GB-s x 0.0000055 = 86.724 USD
      ['serverless provisioned concurrency (2048 MB)', '3 x 2 GB x 730 h', 15_768_000, 'GB-second', 0.0000055, 8672],
      // 1,000,000 x 0.1 s x 2 GB = 200,000 GB-s x 0.0000125 = 2.50 USD
      ['serverless compute on provisioned concurrency', '1,000,000 requests x 100 ms x 2 GB', 200_000, 'GB-second', 0.0000125, 250],
      // 1,000,000 x 4 KB = 4 GB x 0.016 = 0.064 USD
      ['endpoint data processed (in + out)', '1,000,000 requests x 4 KB', 4, 'GB', 0.016, 6],
      ['KMS keys', '2 keys', 2, 'key-month', 1, 200],
      ['KMS requests', '2 keys x 10,000 requests', 2, '10k requests', 0.03, 6],
      ['CloudWatch Logs ingestion', '5 GB', 5, 'GB', 0.57, 285],
      ['CloudWatch Logs storage', '30 GB kept', 30, 'GB-month', 0.03, 90],
    ]);
  });

  test('an autoscaled instance stage with two variants and data capture: its lines to the cent and the peak noted', () => {
    const config = configWith([
      '{ name: Staging, account: "222222222222", regions: [eu-west-1], endpoint: { instance: { initialInstanceCount: 1 }, variants: 2, dataCapture: { enabled: true }, scaling: { minCapacity: 1, maxCapacity: 5, targetTracking: { targetValue: 100 } } } }',
    ]);
    const stage = estimateCost(config, prices).stages[0];
    // 1 x 2 x 730 = 1460 instance-hours x 0.128 = 186.88 USD
    expect([stage.lines[0].item, stage.lines[0].basis, stage.lines[0].quantity, stage.lines[0].monthlyCents]).toEqual(['endpoint ml.m5.large', '1 instance x 2 variants x 730 h', 1460, 18688]);
    // 20 GB x 0.023 = 0.46 USD
    expect(stage.lines.at(-1)).toEqual({ item: 'S3 data capture storage', basis: '20 GB kept', quantity: 20, unit: 'GB-month', unitPriceUsd: 0.023, monthlyCents: 46 });
    // 7 x 2 x 730 = 10220 x 0.011 = 112.42 USD
    expect(lineOf(stage.lines, 'interface endpoints')?.monthlyCents).toBe(11242);
    // 5 x 2 x 730 x 0.128 = 934.40 USD
    expect(stage.notes).toEqual(['priced at the initial 1 instance per variant; autoscaling and scheduled actions may run up to 5: up to 934.40 USD a month for the endpoint instances']);
  });

  test('interface endpoints are priced per service, AZ and hour', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1], network: { maxAzs: 3 } }']);
    expect(lineOf(estimateCost(config, prices).stages[0].lines, 'interface endpoints')).toMatchObject({ basis: '7 x 3 AZs x 730 h', quantity: 7 * 3 * 730 });
  });

  test('a serverless stage pays for no interface endpoints: it has no VPC', () => {
    const serverless = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1], endpoint: { kind: serverless } }']);
    const instance = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }']);
    const items = (config: typeof serverless) => estimateCost(config, prices).stages[0].lines.map((l) => l.item);
    expect(items(serverless).filter((i) => i.startsWith('interface endpoint'))).toEqual([]);
    expect(items(instance).filter((i) => i.startsWith('interface endpoint'))).toEqual(['interface endpoints (7 services)', 'interface endpoint data']);
  });

  test('data capture storage is counted only where capture is on', () => {
    const on = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1], endpoint: { dataCapture: { enabled: true } } }']);
    const off = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }']);
    expect(lineOf(estimateCost(on, prices).stages[0].lines, 'S3 data capture')?.quantity).toBe(prices.assumptions.storage.dataCaptureGbPerStage);
    expect(lineOf(estimateCost(off, prices).stages[0].lines, 'S3 data capture')).toBeUndefined();
  });

  test('a stage in two regions is estimated once per region, the other region noted as priced like eu-west-1', () => {
    const config = configWith(['{ name: Prod, account: "333333333333", regions: [eu-west-1, us-east-1] }']);
    const stages = estimateCost(config, prices).stages;
    expect(stages.map((s) => [s.stage, s.region])).toEqual([['Prod', 'eu-west-1'], ['Prod', 'us-east-1']]);
    expect(stages[1].notes).toEqual(['priced with eu-west-1 prices; us-east-1 prices differ']);
  });

  test('training counts spot when configured and shows what on demand would cost', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }'], ['training: { instanceType: ml.c5.2xlarge, instanceCount: 2, framework: { name: xgboost, version: "1.7-1" }, hyperparameters: { objective: "multi:softprob", num_class: "3" } }']);
    const { runsPerMonth, hoursPerRun, spotDiscountPercent } = prices.assumptions.training;
    const hours = runsPerMonth * hoursPerRun * 2;
    const onDemand = prices.sagemaker.trainingPerInstanceHour['ml.c5.2xlarge'];
    const training = estimateCost(config, prices).tooling?.training;
    expect(training?.counted[0].item).toBe(`training ml.c5.2xlarge, managed spot (${spotDiscountPercent} % off)`);
    expect(training?.withoutSpotCents).toBe(Math.round(hours * onDemand * 100));
    expect(training?.withSpotCents).toBe(Math.round(hours * onDemand * (1 - spotDiscountPercent / 100) * 100));
  });

  test('training without spot counts on demand', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }'], ['training: { spot: false }']);
    const training = estimateCost(config, prices).tooling?.training;
    expect(training?.counted[0].item).toBe('training ml.m5.large, on demand');
    expect(training?.counted[0].monthlyCents).toBe(training?.withoutSpotCents);
  });

  test('training prices every model of the catalogue on its own instance settings', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }'], ['models: { iris-softmax: {}, iris-big: { instanceType: ml.c5.2xlarge, spot: false } }']);
    const { runsPerMonth, hoursPerRun } = prices.assumptions.training;
    const estimate = estimateCost(config, prices);
    const training = estimate.tooling?.training;
    expect(training?.counted.map((l) => l.item)).toEqual([expect.stringMatching(/^training model iris-softmax, ml\.m5\.large, managed spot/), 'training model iris-big, ml.c5.2xlarge, on demand']);
    expect(training?.counted[1].monthlyCents).toBe(Math.round(runsPerMonth * hoursPerRun * prices.sagemaker.trainingPerInstanceHour['ml.c5.2xlarge'] * 100));
    expect(estimate.tooling?.lines.slice(0, 2)).toEqual(training?.counted);
    expect(estimate.tooling?.notes).toContain(`training prices each of the 2 models of the catalogue at ${runsPerMonth} runs a month; a commit retrains only the models it changes`);
  });

  test('fails when a model trains on an instance type the price table lacks (a real one: validation accepts it), naming the model\'s setting', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }'], ['models: { iris-softmax: {}, iris-odd: { instanceType: ml.c5.9xlarge } }']);
    expect(() => estimateCost(config, prices)).toThrow(/models\.iris-odd\.instanceType/);
  });

  test('the total is the sum of every line of every section', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }', '{ name: Prod, account: "333333333333", regions: [eu-west-1, eu-central-1] }']);
    const estimate = estimateCost(config, prices);
    const all = [...estimate.stages.flatMap((s) => s.lines), ...(estimate.tooling?.lines ?? [])];
    expect(estimate.totalCents).toBe(totalCents(all));
    expect(estimate.stages).toHaveLength(3);
  });

  test('--stage estimates one stage, matched without regard to case, without the tooling account', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }', '{ name: Prod, account: "333333333333", regions: [eu-west-1] }']);
    const estimate = estimateCost(config, prices, 'prod');
    expect(estimate.stages.map((s) => s.stage)).toEqual(['Prod']);
    expect(estimate.tooling).toBeUndefined();
    expect(estimate.totalCents).toBe(totalCents(estimate.stages[0].lines));
  });

  test('fails when --stage names no stage of the config, listing them', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }']);
    expect(() => estimateCost(config, prices, 'Prod')).toThrow(new ReleaseError(ExitCode.STAGE_NOT_FOUND, "stage 'Prod' is not in the config; its stages are: Staging"));
  });

  test('fails when the table has no price for an endpoint instance type, naming where it is used', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1], endpoint: { instance: { instanceType: ml.m7i.large } } }']);
    expect(() => estimateCost(config, prices)).toThrow(PriceMissingError);
    expect(() => estimateCost(config, prices)).toThrow(/^no hosting price for ml\.m7i\.large \(stages "Staging" endpoint\.instance\.instanceType\) in cli\/lib\/cost\/prices\.eu-west-1\.json; add it/);
  });

  test('fails when --stage names no stage of a two-stage config, listing both', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }', '{ name: Prod, account: "333333333333", regions: [eu-west-1] }']);
    expect(() => estimateCost(config, prices, 'Qa')).toThrow("stage 'Qa' is not in the config; its stages are: Staging, Prod");
  });

  test('fails when the table has no price for a training instance type, with the whole message and the types the table does price', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }'], ['training: { instanceType: ml.m5.xlarge }']);
    const two = { ...prices, sagemaker: { ...prices.sagemaker, trainingPerInstanceHour: { 'ml.m5.large': 0.128, 'ml.c5.xlarge': 0.228 } } };
    let failure: unknown;
    try {
      estimateCost(config, two);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(PriceMissingError);
    expect(failure).toMatchObject({
      name: 'PriceMissingError',
      use: 'training',
      instanceType: 'ml.m5.xlarge',
      where: 'training.instanceType',
      known: ['ml.m5.large', 'ml.c5.xlarge'],
      message: 'no training price for ml.m5.xlarge (training.instanceType) in cli/lib/cost/prices.eu-west-1.json; add it from https://aws.amazon.com/sagemaker/pricing/ or use one of ml.m5.large, ml.c5.xlarge',
    });
  });

  test('fails when the table has no price for the training instance type', () => {
    const config = configWith(['{ name: Staging, account: "222222222222", regions: [eu-west-1] }'], ['training: { instanceType: ml.m7i.large }']);
    expect(() => estimateCost(config, prices)).toThrow(/^no training price for ml\.m7i\.large \(training\.instanceType\)/);
  });
});
