import { join } from 'node:path';
import type { StageConfig } from '../../../config';
import { loadConfig } from '../../../config';
import { createCostCommand } from '../../../cli/commands/cost';
import { ExitCode } from '../../../cli/exit-codes';
import type { PriceTable } from '../../../cli/lib/cost/price-table';
import { defaultPriceTable } from '../../../cli/lib/cost/price-table';
import { stripAnsi } from '../../../cli/lib/release/style';
import { runCommand } from '../release/fixtures';

const REPO = join(__dirname, '..', '..', '..');
const cost = createCostCommand();
const prices = defaultPriceTable();

/** one printed table row. */
interface PrintedRow {
  readonly item: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly cents: number;
}

/** one printed section: its title, rows and total. */
interface PrintedSection {
  readonly title: string;
  readonly rows: PrintedRow[];
  readonly totalCents: number;
}

const cents = (usd: string) => Math.round(Number(usd.replace(/,/g, '')) * 100);

/** reads the sections back from the text output. */
function parseSections(text: string): PrintedSection[] {
  const sections: PrintedSection[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (lines[i + 1]?.startsWith('  ITEM ')) sections.push({ title: line, rows: [], totalCents: Number.NaN });
    const current = sections[sections.length - 1];
    if (!current || !line.startsWith('  ') || line.startsWith('  ITEM ') || line.startsWith('  note: ')) return;
    const cells = line.trim().split(/ {2,}/);
    if (cells[0] === 'total') {
      sections[sections.length - 1] = { ...current, totalCents: cents(cells[1]) };
    } else if (cells.length === 6) {
      current.rows.push({ item: cells[0], quantity: Number(cells[2].replace(/,/g, '')), unitPrice: Number(cells[4]), cents: cents(cells[5]) });
    }
  });
  return sections;
}

/** what a stage's rows must be, worked out here from the price table alone. */
function expectedStageRows(stage: StageConfig, table: PriceTable): Omit<PrintedRow, 'cents'>[] {
  const a = table.assumptions;
  const h = table.hoursPerMonth;
  const e = stage.endpoint;
  const rows: Omit<PrintedRow, 'cents'>[] = [];
  if (e.kind === 'serverless') {
    const gbSeconds = a.endpoint.requestsPerMonth * (a.endpoint.averageDurationMs / 1000) * (e.serverless.memorySizeMb / 1024);
    const pc = e.serverless.provisionedConcurrency;
    if (pc === undefined) rows.push({ item: `serverless compute (${e.serverless.memorySizeMb} MB)`, quantity: gbSeconds, unitPrice: table.sagemaker.serverlessPerGbSecond });
    else {
      rows.push({ item: `serverless provisioned concurrency (${e.serverless.memorySizeMb} MB)`, quantity: pc * (e.serverless.memorySizeMb / 1024) * h * 3600, unitPrice: table.sagemaker.serverlessProvisionedPerGbSecond });
      rows.push({ item: 'serverless compute on provisioned concurrency', quantity: gbSeconds, unitPrice: table.sagemaker.serverlessProvisionedInvocationPerGbSecond });
    }
  } else {
    const kind = e.kind === 'multiModel' ? 'multi-model endpoint' : 'endpoint';
    rows.push({ item: `${kind} ${e.instance.instanceType}`, quantity: e.instance.initialInstanceCount * e.variants * h, unitPrice: table.sagemaker.hostingPerInstanceHour[e.instance.instanceType] });
  }
  rows.push({ item: 'endpoint data processed (in + out)', quantity: (a.endpoint.requestsPerMonth * a.endpoint.averagePayloadKb) / 1e6, unitPrice: table.sagemaker.dataProcessedPerGb });
  // only a stage whose endpoint runs in a VPC has a network stack and its interface endpoints
  if (e.kind !== 'serverless') {
    rows.push(
      { item: 'interface endpoints (7 services)', quantity: 7 * stage.network.maxAzs * h, unitPrice: table.vpc.interfaceEndpointPerAzHour },
      { item: 'interface endpoint data', quantity: a.interfaceEndpoints.dataGbPerMonth, unitPrice: table.vpc.interfaceEndpointDataPerGb },
    );
  }
  rows.push(
    { item: 'KMS keys', quantity: a.kms.keysPerStage, unitPrice: table.kms.perKeyMonth },
    { item: 'KMS requests', quantity: (a.kms.keysPerStage * a.kms.requestsPerKeyPerMonth) / 10_000, unitPrice: table.kms.per10kRequests },
    { item: 'CloudWatch Logs ingestion', quantity: a.logs.ingestedGbPerStage, unitPrice: table.cloudwatchLogs.ingestionPerGb },
    { item: 'CloudWatch Logs storage', quantity: a.logs.storedGbPerStage, unitPrice: table.cloudwatchLogs.storagePerGbMonth },
  );
  if (e.kind !== 'serverless' && e.dataCapture.enabled) rows.push({ item: 'S3 data capture storage', quantity: a.storage.dataCaptureGbPerStage, unitPrice: table.s3.standardPerGbMonth });
  return rows;
}

describe('mlpipe cost for the default config (pipeline.yaml)', () => {
  const config = loadConfig(join(REPO, 'pipeline.yaml'));
  let text = '';
  let sections: PrintedSection[] = [];

  beforeAll(async () => {
    const result = await runCommand(cost, [], { cwd: REPO });
    expect(result).toMatchObject({ code: ExitCode.OK, stderr: '' });
    text = result.stdout;
    sections = parseSections(text);
  });

  test('prints a section per stage and region, then the tooling account', () => {
    const titles = config.stages.flatMap((s) => s.regions.map((r) => `${s.name} (${r})`));
    expect(sections.map((s) => s.title)).toEqual([...titles, `tooling account (${config.tooling.region})`]);
  });

  test('every row costs its printed quantity times its printed unit price, to the cent', () => {
    const rows = sections.flatMap((s) => s.rows);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect([row.item, row.cents]).toEqual([row.item, Math.round(row.quantity * row.unitPrice * 100)]);
  });

  test('each stage prints the rows worked out from the config and the price table alone', () => {
    const stageSections = config.stages.flatMap((stage) => stage.regions.map(() => stage));
    stageSections.forEach((stage, i) => {
      const printed = sections[i].rows.map(({ item, quantity, unitPrice }) => ({ item, quantity, unitPrice }));
      expect(printed).toEqual(expectedStageRows(stage, prices).map((r) => ({ ...r, quantity: Number(r.quantity.toFixed(4)) })));
    });
  });

  test('the tooling account prints every model\'s training at the spot price, its network, keys, logs and storage, then the workspace', () => {
    const a = prices.assumptions;
    const t = config.training;
    const trainingRows = config.models.map((m) => {
      const onDemand = prices.sagemaker.trainingPerInstanceHour[m.training.instanceType];
      const price = m.training.spot ? Number((onDemand * (1 - a.training.spotDiscountPercent / 100)).toFixed(6)) : onDemand;
      return [`training model ${m.name}`, a.training.runsPerMonth * a.training.hoursPerRun * m.training.instanceCount, price];
    });
    expect(trainingRows.length).toBeGreaterThanOrEqual(2);
    const tooling = sections[sections.length - 1].rows;
    expect(tooling.map(({ item, quantity, unitPrice }) => [item.split(',')[0], quantity, unitPrice])).toEqual([
      ...trainingRows,
      ['interface endpoints (7 services)', 7 * t.network.maxAzs * prices.hoursPerMonth, prices.vpc.interfaceEndpointPerAzHour],
      ['interface endpoint data', a.interfaceEndpoints.dataGbPerMonth, prices.vpc.interfaceEndpointDataPerGb],
      ['KMS keys', a.kms.keysInTooling, prices.kms.perKeyMonth],
      ['KMS requests', (a.kms.keysInTooling * a.kms.requestsPerKeyPerMonth) / 10_000, prices.kms.per10kRequests],
      ['CloudWatch Logs ingestion', a.logs.ingestedGbInTooling, prices.cloudwatchLogs.ingestionPerGb],
      ['CloudWatch Logs storage', a.logs.storedGbInTooling, prices.cloudwatchLogs.storagePerGbMonth],
      ['S3 storage (models', a.storage.s3GbInTooling, prices.s3.standardPerGbMonth],
      ['workspace Studio endpoint', t.network.maxAzs * prices.hoursPerMonth, prices.vpc.interfaceEndpointPerAzHour],
      ['workspace KMS key', 1, prices.kms.perKeyMonth],
      ['workspace volumes (5 GB each)', 5, prices.workspace.storagePerGbMonth],
      ['Studio home file system (EFS)', a.workspace.homeGbPerUser, prices.workspace.efsPerGbMonth],
      ['workspace ml.t3.medium while in use', a.workspace.activeHoursPerUserPerMonth, prices.workspace.studioPerInstanceHour['ml.t3.medium']],
    ]);
  });

  test('each section total is the sum of its rows, and the TOTAL the sum of the sections', () => {
    for (const section of sections) expect([section.title, section.totalCents]).toEqual([section.title, section.rows.reduce((n, r) => n + r.cents, 0)]);
    const total = /^TOTAL ([\d,.]+) USD a month$/m.exec(text);
    expect(total).not.toBeNull();
    expect(cents(total?.[1] ?? '')).toBe(sections.reduce((n, s) => n + s.totalCents, 0));
  });

  test('prints the dated source and every assumption with the numbers', () => {
    expect(text).toContain(`prices: eu-west-1 as of ${prices.asOf}, `);
    expect(text).toContain('price source: AWS public price pages for eu-west-1');
    expect(text).toContain(`  - endpoints: 1,000,000 requests a month per stage-region, ${prices.assumptions.endpoint.averageDurationMs} ms average duration`);
    expect(text).toContain('  - interface endpoints: 7 per AZ in every VPC (sagemaker.api, sagemaker.runtime, ecr.api, ecr.dkr, logs, monitoring, sts)');
    expect(text).toContain(`managed spot assumed ${prices.assumptions.training.spotDiscountPercent} % cheaper than on demand`);
    expect(text).toMatch(/note: training: [\d.]+ USD as configured; on (demand|managed spot) it would be [\d.]+ USD/);
  });

  test('--json prints one document whose totals match the text', async () => {
    const doc = JSON.parse((await runCommand(cost, ['--json'], { cwd: REPO })).stdout);
    expect(Math.round(doc.totalUsd * 100)).toBe(cents(/^TOTAL ([\d,.]+)/m.exec(text)?.[1] ?? ''));
    expect(doc.prices).toMatchObject({ region: 'eu-west-1', asOf: prices.asOf, verified: prices.verified });
    expect(doc.stages[0].lines[0]).toEqual(expect.objectContaining({ monthlyUsd: doc.stages[0].lines[0].monthlyCents / 100 }));
  });

  test('colours headings on a terminal without changing the text', async () => {
    const coloured = (await runCommand(cost, [], { cwd: REPO, isTty: true })).stdout;
    expect(coloured).toContain('\u001b[1m');
    expect(stripAnsi(coloured)).toBe(text);
  });
});

describe('mlpipe cost failures', () => {
  test('fails when --stage names no stage of the config, with exit code 11', async () => {
    const result = await runCommand(cost, ['--stage', 'Qa'], { cwd: REPO });
    expect(result.code).toBe(ExitCode.STAGE_NOT_FOUND);
    expect(result.stderr).toMatch(/^mlpipe cost: stage 'Qa' is not in the config; its stages are: /);
  });

  test('fails when the config file is missing, with exit code 3', async () => {
    const result = await runCommand(cost, ['--config', 'nope.yaml'], { cwd: REPO });
    expect(result.code).toBe(ExitCode.CONFIG);
    expect(result.stderr).toContain('does not exist');
  });

  test('fails when a flag is unknown, with exit code 2 and one line pointing at the help', async () => {
    const result = await runCommand(cost, ['--region', 'eu-west-1'], { cwd: REPO });
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toBe("mlpipe cost: unknown flag '--region'\nsee: mlpipe cost --help\n");
  });

  test('fails when the price table lacks an instance type the config uses, with exit code 22', async () => {
    const table = defaultPriceTable();
    const withoutHosting = { ...table, sagemaker: { ...table.sagemaker, hostingPerInstanceHour: {} } };
    const result = await runCommand(createCostCommand(() => withoutHosting), [], { cwd: REPO });
    expect(result.code).toBe(ExitCode.PRICE_MISSING);
    expect(result.stderr).toMatch(/^mlpipe cost: no hosting price for ml\.[a-z0-9]+\.[a-z0-9]+ \(stages "\w+" endpoint\.instance\.instanceType\)/);
  });
});
