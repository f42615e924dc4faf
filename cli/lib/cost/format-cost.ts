import type { Style } from '../release/style';
import { textTable } from '../release/text-table';
import type { CostEstimate } from './cost-estimate';
import type { CostLine } from './cost-line';
import { formatQuantity, formatUsd, totalCents } from './cost-line';

/** the file the prices and assumptions come from, named in the output. */
export const PRICE_FILE = 'cli/lib/cost/prices.eu-west-1.json';

interface Section {
  readonly title: string;
  readonly lines: readonly CostLine[];
  readonly notes: readonly string[];
}

function row(line: CostLine): string[] {
  return [line.item, line.basis, formatQuantity(line.quantity), line.unit, String(line.unitPriceUsd), formatUsd(line.monthlyCents)];
}

/** the assumptions as printed under the figures. */
export function assumptionLines(estimate: CostEstimate): string[] {
  const a = estimate.assumptions;
  const services = a.interfaceEndpoints.services;
  return [
    `  - ${estimate.prices.hoursPerMonth} hours a month`,
    `  - endpoints: ${formatQuantity(a.endpoint.requestsPerMonth)} requests a month per stage-region, ${a.endpoint.averageDurationMs} ms average duration, ${a.endpoint.averagePayloadKb} KB in + out per request (1 GB = 1,000,000 KB)`,
    `  - interface endpoints: ${services.length} per AZ in every VPC (${services.join(', ')}), ${a.interfaceEndpoints.dataGbPerMonth} GB a month through them; the S3 gateway endpoint is free; no NAT gateway`,
    `  - KMS: ${a.kms.keysPerStage} keys per stage-region, ${a.kms.keysInTooling} in the tooling account, ${formatQuantity(a.kms.requestsPerKeyPerMonth)} requests per key a month`,
    `  - logs: ${a.logs.ingestedGbPerStage} GB ingested and ${a.logs.storedGbPerStage} GB kept per stage-region; ${a.logs.ingestedGbInTooling} GB and ${a.logs.storedGbInTooling} GB in the tooling account`,
    `  - storage: ${a.storage.dataCaptureGbPerStage} GB of data capture per stage-region where capture is on; ${a.storage.s3GbInTooling} GB of S3 in the tooling account`,
    `  - training: ${a.training.runsPerMonth} runs a month x ${a.training.hoursPerRun} h (only commits that change the model train); managed spot assumed ${a.training.spotDiscountPercent} % cheaper than on demand`,
    `  - workspace: each user has an instance running ${a.workspace.activeHoursPerUserPerMonth} h a month (stopped when idle) and keeps ${a.workspace.homeGbPerUser} GB in Studio's home file system`,
  ];
}

/** `mlpipe cost` as text: a table per stage-region and the tooling account, totals, assumptions. */
export function formatCost(estimate: CostEstimate, source: string, style: Style): string {
  const p = estimate.prices;
  const sections: Section[] = estimate.stages.map((s) => ({ title: `${s.stage} (${s.region})`, lines: s.lines, notes: s.notes }));
  if (estimate.tooling) sections.push({ title: `tooling account (${estimate.tooling.region})`, lines: estimate.tooling.lines, notes: estimate.tooling.notes });

  const rows = sections.flatMap((s) => [...s.lines.map(row), ['total', '', '', '', '', formatUsd(totalCents(s.lines))]]);
  const [heading, ...tableRows] = textTable(['ITEM', 'BASIS', 'QUANTITY', 'UNIT', 'UNIT PRICE', 'MONTHLY USD'], rows);
  const checked = p.verified ? 'checked against the price pages' : style.warn('not yet checked against the live price pages');
  const out = [`monthly cost estimate of ${source}, in ${p.currency}`, `prices: ${p.region} as of ${p.asOf}, ${checked} (${PRICE_FILE})`];
  let next = 0;
  for (const section of sections) {
    const count = section.lines.length + 1;
    out.push('', style.bold(section.title), `  ${style.dim(heading)}`, ...tableRows.slice(next, next + count).map((line) => `  ${line}`));
    out.push(...section.notes.map((n) => `  note: ${n}`));
    next += count;
  }
  out.push('', style.bold(`TOTAL ${formatUsd(estimate.totalCents)} ${p.currency} a month`), '', `assumptions (edit them in ${PRICE_FILE}):`, ...assumptionLines(estimate));
  out.push('not included:', ...estimate.excluded.map((e) => `  - ${e}`), `price source: ${p.source}`);
  return `${out.join('\n')}\n`;
}

/** `mlpipe cost --json`: the estimate with dollar amounts next to the cents. */
export function costJson(estimate: CostEstimate): unknown {
  const withUsd = (lines: readonly CostLine[]) => lines.map((l) => ({ ...l, monthlyUsd: l.monthlyCents / 100 }));
  return {
    ...estimate,
    stages: estimate.stages.map((s) => ({ ...s, lines: withUsd(s.lines), totalCents: totalCents(s.lines) })),
    ...(estimate.tooling ? { tooling: { ...estimate.tooling, lines: withUsd(estimate.tooling.lines), totalCents: totalCents(estimate.tooling.lines) } } : {}),
    totalUsd: estimate.totalCents / 100,
  };
}
