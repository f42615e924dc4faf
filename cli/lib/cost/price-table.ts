import { z } from 'zod';
import prices from './prices.eu-west-1.json';

const usd = z.number().nonnegative();
const positive = z.number().positive();
const perInstanceHour = z.record(z.string().regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/), positive);

/** the assumptions an estimate rests on; each is printed with the figures. */
const assumptionsSchema = z.strictObject({
  endpoint: z.strictObject({
    requestsPerMonth: z.number().int().nonnegative().describe('invocations of each stage endpoint per month'),
    averageDurationMs: positive.describe('average model latency per invocation (serverless compute is billed on it)'),
    averagePayloadKb: positive.describe('request plus response size per invocation (data processed in and out)'),
  }),
  interfaceEndpoints: z.strictObject({
    services: z.array(z.string().min(1)).min(1).describe('the interface VPC endpoints of every VPC, each billed per AZ-hour'),
    dataGbPerMonth: z.number().nonnegative().describe('GB through the interface endpoints of one VPC per month'),
  }),
  kms: z.strictObject({
    keysPerStage: z.number().int().nonnegative().describe('customer-managed keys per stage-region (flow logs, endpoint)'),
    keysInTooling: z.number().int().nonnegative().describe('customer-managed keys in the tooling account (pipeline, artifacts, models, training flow logs)'),
    requestsPerKeyPerMonth: z.number().int().nonnegative().describe('KMS API requests per key per month'),
  }),
  logs: z.strictObject({
    ingestedGbPerStage: z.number().nonnegative().describe('CloudWatch Logs ingested per stage-region per month (endpoint, flow logs)'),
    storedGbPerStage: z.number().nonnegative().describe('CloudWatch Logs kept per stage-region at steady state'),
    ingestedGbInTooling: z.number().nonnegative().describe('CloudWatch Logs ingested in the tooling account per month (builds, training)'),
    storedGbInTooling: z.number().nonnegative().describe('CloudWatch Logs kept in the tooling account at steady state'),
  }),
  storage: z.strictObject({
    dataCaptureGbPerStage: z.number().nonnegative().describe('S3 GB of captured requests kept per stage-region (only where data capture is on)'),
    s3GbInTooling: z.number().nonnegative().describe('S3 GB in the tooling account (models, training data, pipeline artifacts)'),
  }),
  workspace: z.strictObject({
    activeHoursPerUserPerMonth: z.number().nonnegative().describe('hours a month each workspace user has a notebook or JupyterLab app running (idle ones are stopped)'),
    homeGbPerUser: z.number().nonnegative().describe('GB each Studio user keeps in the domain\'s home file system (EFS)'),
  }),
  training: z.strictObject({
    runsPerMonth: z.number().nonnegative().describe('training runs per month (only commits that change the model train)'),
    hoursPerRun: positive.describe('billable hours per run and instance'),
    spotDiscountPercent: z.number().min(0).max(95).describe('managed spot saving over on-demand assumed'),
  }),
});

/** a dated price table for one region, with its source and assumptions. */
export const priceTableSchema = z.strictObject({
  region: z.string().min(1),
  currency: z.literal('USD'),
  asOf: z.iso.date(),
  verified: z.boolean().describe('true once every figure was checked against the live price pages'),
  source: z.string().min(1),
  note: z.string(),
  hoursPerMonth: positive,
  sagemaker: z.strictObject({
    hostingPerInstanceHour: perInstanceHour,
    trainingPerInstanceHour: perInstanceHour,
    serverlessPerGbSecond: usd,
    serverlessProvisionedPerGbSecond: usd,
    serverlessProvisionedInvocationPerGbSecond: usd,
    dataProcessedPerGb: usd,
  }),
  vpc: z.strictObject({ interfaceEndpointPerAzHour: usd, interfaceEndpointDataPerGb: usd }),
  kms: z.strictObject({ perKeyMonth: usd, per10kRequests: usd }),
  cloudwatchLogs: z.strictObject({ ingestionPerGb: usd, storagePerGbMonth: usd }),
  s3: z.strictObject({ standardPerGbMonth: usd }),
  workspace: z.strictObject({
    notebookPerInstanceHour: perInstanceHour,
    studioPerInstanceHour: perInstanceHour,
    storagePerGbMonth: usd.describe('ML storage (the notebook or Studio space EBS volume) per GB-month'),
    efsPerGbMonth: usd.describe('EFS Standard (the Studio domain\'s home file system) per GB-month'),
  }),
  assumptions: assumptionsSchema,
});

export type PriceTable = z.output<typeof priceTableSchema>;
export type CostAssumptions = PriceTable['assumptions'];

/** validates a price table; a malformed one fails naming the bad entries. */
export function parsePriceTable(data: unknown, file: string): PriceTable {
  const parsed = priceTableSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  throw new Error(`price table ${file} is malformed; fix ${problems.join('; ')}`);
}

/** the price table kept in the repository (cli/lib/cost/prices.eu-west-1.json). */
export function defaultPriceTable(): PriceTable {
  return parsePriceTable(prices, 'cli/lib/cost/prices.eu-west-1.json');
}
