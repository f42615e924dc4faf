import type { CostEstimate } from '../../../cli/lib/cost/cost-estimate';
import { costLine } from '../../../cli/lib/cost/cost-line';
import { costJson, formatCost } from '../../../cli/lib/cost/format-cost';
import type { CostAssumptions } from '../../../cli/lib/cost/price-table';
import type { Style } from '../../../cli/lib/release/style';

/** marks each decoration so the test sees where it is applied. */
const MARKED: Style = { status: (s) => s, bold: (s) => `*${s}*`, dim: (s) => `_${s}_`, warn: (s) => `!${s}!`, good: (s) => s, bad: (s) => s };

/** every assumption a different number, so each printed figure names its own field. */
const ASSUMPTIONS: CostAssumptions = {
  endpoint: { requestsPerMonth: 2_500_000, averageDurationMs: 120, averagePayloadKb: 3 },
  interfaceEndpoints: { services: ['sagemaker.api', 'logs'], dataGbPerMonth: 6 },
  kms: { keysPerStage: 2, keysInTooling: 4, requestsPerKeyPerMonth: 12_000 },
  logs: { ingestedGbPerStage: 7, storedGbPerStage: 31, ingestedGbInTooling: 11, storedGbInTooling: 61 },
  storage: { dataCaptureGbPerStage: 21, s3GbInTooling: 51 },
  training: { runsPerMonth: 9, hoursPerRun: 1.5, spotDiscountPercent: 65 },
  workspace: { activeHoursPerUserPerMonth: 41, homeGbPerUser: 3 },
};

function estimate(verified: boolean): CostEstimate {
  return {
    prices: { region: 'eu-west-1', currency: 'USD', asOf: '2026-11-24', verified, source: 'the test pages', note: 'n', hoursPerMonth: 720 },
    assumptions: ASSUMPTIONS,
    stages: [{ stage: 'Dev', region: 'us-east-1', lines: [costLine('a', 'b', 2, 'GB', 0.5), costLine('long item', '1 x 2', 1234.5, 'h', 1)], notes: ['first', 'second'] }],
    tooling: { region: 'eu-west-1', lines: [costLine('t', 'tb', 1, 'key-month', 1)], training: { counted: [], withSpotCents: 0, withoutSpotCents: 0 }, notes: ['tooling note'] },
    totalCents: 123_456,
    excluded: ['x', 'y'],
  };
}

const ASSUMPTION_TEXT = [
  'assumptions (edit them in cli/lib/cost/prices.eu-west-1.json):',
  '  - 720 hours a month',
  '  - endpoints: 2,500,000 requests a month per stage-region, 120 ms average duration, 3 KB in + out per request (1 GB = 1,000,000 KB)',
  '  - interface endpoints: 2 per AZ in every VPC (sagemaker.api, logs), 6 GB a month through them; the S3 gateway endpoint is free; no NAT gateway',
  '  - KMS: 2 keys per stage-region, 4 in the tooling account, 12,000 requests per key a month',
  '  - logs: 7 GB ingested and 31 GB kept per stage-region; 11 GB and 61 GB in the tooling account',
  '  - storage: 21 GB of data capture per stage-region where capture is on; 51 GB of S3 in the tooling account',
  '  - training: 9 runs a month x 1.5 h (only commits that change the model train); managed spot assumed 65 % cheaper than on demand',
  "  - workspace: each user has an instance running 41 h a month (stopped when idle) and keeps 3 GB in Studio's home file system",
];

describe('formatCost', () => {
  test('prints each section with its rows in one column layout, its total and notes, then the TOTAL, the assumptions and what is left out', () => {
    // columns as wide as their widest cell, two spaces apart, the last one not padded
    expect(formatCost(estimate(true), 'my.yaml', MARKED)).toBe(
      [
        'monthly cost estimate of my.yaml, in USD',
        'prices: eu-west-1 as of 2026-11-24, checked against the price pages (cli/lib/cost/prices.eu-west-1.json)',
        '',
        '*Dev (us-east-1)*',
        '  _ITEM       BASIS  QUANTITY  UNIT       UNIT PRICE  MONTHLY USD_',
        '  a          b      2         GB         0.5         1.00',
        '  long item  1 x 2  1,234.5   h          1           1,234.50',
        '  total                                              1,235.50',
        '  note: first',
        '  note: second',
        '',
        '*tooling account (eu-west-1)*',
        '  _ITEM       BASIS  QUANTITY  UNIT       UNIT PRICE  MONTHLY USD_',
        '  t          tb     1         key-month  1           1.00',
        '  total                                              1.00',
        '  note: tooling note',
        '',
        '*TOTAL 1,234.56 USD a month*',
        '',
        ...ASSUMPTION_TEXT,
        'not included:',
        '  - x',
        '  - y',
        'price source: the test pages',
        '',
      ].join('\n'),
    );
  });

  test('warns when the prices were not checked, and prints no tooling section for one stage', () => {
    const { tooling, ...oneStage } = estimate(false);
    expect(tooling).toBeDefined();
    const lines = formatCost(oneStage, 'p.yaml', MARKED).split('\n');
    expect(lines[1]).toBe('prices: eu-west-1 as of 2026-11-24, !not yet checked against the live price pages! (cli/lib/cost/prices.eu-west-1.json)');
    expect(lines.filter((l) => l.startsWith('*'))).toEqual(['*Dev (us-east-1)*', '*TOTAL 1,234.56 USD a month*']);
  });
});

describe('costJson', () => {
  test('adds dollars to every line and the totals of each section, and keeps the rest of the estimate', () => {
    const e = estimate(true);
    const [a, long] = e.stages[0].lines;
    expect(costJson(e)).toEqual({
      ...e,
      stages: [{ ...e.stages[0], lines: [{ ...a, monthlyUsd: 1 }, { ...long, monthlyUsd: 1234.5 }], totalCents: 123_550 }],
      tooling: { ...e.tooling, lines: [{ ...e.tooling?.lines[0], monthlyUsd: 1 }], totalCents: 100 },
      totalUsd: 1234.56,
    });
  });
});
