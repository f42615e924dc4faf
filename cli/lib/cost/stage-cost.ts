import type { EndpointConfig, StageConfig } from '../../../config';
import { endpointInVpc, scalesInstances } from '../../../config/endpoint-rules';
import type { CostLine } from './cost-line';
import { costLine, formatQuantity, plural } from './cost-line';
import type { PriceTable } from './price-table';
import { PriceMissingError } from './price-missing-error';

/** the monthly estimate of one stage in one region. */
export interface StageCost {
  /** the stage name */
  readonly stage: string;
  /** the region of this deployment of the stage */
  readonly region: string;
  /** the priced items */
  readonly lines: readonly CostLine[];
  /** remarks that change how to read the figures (autoscaling peak, region priced as another) */
  readonly notes: readonly string[];
}

/** the hosting price of an instance type, or a PriceMissingError saying where to add it. */
export function hostingPrice(prices: PriceTable, instanceType: string, where: string): number {
  const price = prices.sagemaker.hostingPerInstanceHour[instanceType];
  if (price === undefined) throw new PriceMissingError('hosting', instanceType, where, Object.keys(prices.sagemaker.hostingPerInstanceHour));
  return price;
}

function instanceEndpointLines(endpoint: EndpointConfig, prices: PriceTable, where: string): { lines: CostLine[]; notes: string[] } {
  const { instanceType, initialInstanceCount } = endpoint.instance;
  const price = hostingPrice(prices, instanceType, where);
  const scaling = scalesInstances(endpoint);
  // the config keeps initialInstanceCount within scaling.minCapacity..maxCapacity: the baseline
  const perVariant = initialInstanceCount;
  const hours = prices.hoursPerMonth;
  const kind = endpoint.kind === 'multiModel' ? 'multi-model endpoint' : 'endpoint';
  const lines = [
    costLine(
      `${kind} ${instanceType}`,
      `${plural(perVariant, 'instance')} x ${plural(endpoint.variants, 'variant')} x ${hours} h`,
      perVariant * endpoint.variants * hours,
      'instance-hour',
      price,
    ),
  ];
  const notes: string[] = [];
  if (scaling) {
    const peak = Math.max(endpoint.scaling.maxCapacity, ...endpoint.scaling.scheduled.map((a) => a.maxCapacity ?? 0));
    const peakCents = Math.round(peak * endpoint.variants * hours * price * 100);
    notes.push(
      `priced at the initial ${plural(perVariant, 'instance')} per variant; autoscaling and scheduled actions may run up to ${peak}: up to ${(peakCents / 100).toFixed(2)} USD a month for the endpoint instances`,
    );
  }
  return { lines, notes };
}

function serverlessLines(endpoint: EndpointConfig, prices: PriceTable): CostLine[] {
  const { requestsPerMonth, averageDurationMs } = prices.assumptions.endpoint;
  const memoryGb = endpoint.serverless.memorySizeMb / 1024;
  const computeGbSeconds = (requestsPerMonth * averageDurationMs * memoryGb) / 1000;
  const basis = `${plural(requestsPerMonth, 'request')} x ${averageDurationMs} ms x ${memoryGb} GB`;
  const provisioned = endpoint.serverless.provisionedConcurrency;
  if (provisioned === undefined) {
    return [costLine(`serverless compute (${endpoint.serverless.memorySizeMb} MB)`, basis, computeGbSeconds, 'GB-second', prices.sagemaker.serverlessPerGbSecond)];
  }
  const seconds = prices.hoursPerMonth * 3600;
  return [
    costLine(
      `serverless provisioned concurrency (${endpoint.serverless.memorySizeMb} MB)`,
      `${provisioned} x ${memoryGb} GB x ${prices.hoursPerMonth} h`,
      provisioned * memoryGb * seconds,
      'GB-second',
      prices.sagemaker.serverlessProvisionedPerGbSecond,
    ),
    costLine('serverless compute on provisioned concurrency', basis, computeGbSeconds, 'GB-second', prices.sagemaker.serverlessProvisionedInvocationPerGbSecond),
  ];
}

/** the lines every VPC has: its interface endpoints per AZ and their data. */
export function interfaceEndpointLines(maxAzs: number, prices: PriceTable): CostLine[] {
  const { services, dataGbPerMonth } = prices.assumptions.interfaceEndpoints;
  return [
    costLine(
      `interface endpoints (${services.length} services)`,
      `${services.length} x ${plural(maxAzs, 'AZ')} x ${prices.hoursPerMonth} h`,
      services.length * maxAzs * prices.hoursPerMonth,
      'endpoint-AZ-hour',
      prices.vpc.interfaceEndpointPerAzHour,
    ),
    costLine('interface endpoint data', `${dataGbPerMonth} GB`, dataGbPerMonth, 'GB', prices.vpc.interfaceEndpointDataPerGb),
  ];
}

/** KMS keys and their requests. */
export function kmsLines(keys: number, prices: PriceTable): CostLine[] {
  const requests = keys * prices.assumptions.kms.requestsPerKeyPerMonth;
  return [
    costLine('KMS keys', plural(keys, 'key'), keys, 'key-month', prices.kms.perKeyMonth),
    costLine('KMS requests', `${plural(keys, 'key')} x ${formatQuantity(prices.assumptions.kms.requestsPerKeyPerMonth)} requests`, requests / 10_000, '10k requests', prices.kms.per10kRequests),
  ];
}

/** CloudWatch Logs ingestion and storage. */
export function logLines(ingestedGb: number, storedGb: number, prices: PriceTable): CostLine[] {
  return [
    costLine('CloudWatch Logs ingestion', `${ingestedGb} GB`, ingestedGb, 'GB', prices.cloudwatchLogs.ingestionPerGb),
    costLine('CloudWatch Logs storage', `${storedGb} GB kept`, storedGb, 'GB-month', prices.cloudwatchLogs.storagePerGbMonth),
  ];
}

/** the monthly estimate of one stage in one of its regions. */
export function stageCost(stage: StageConfig, region: string, prices: PriceTable): StageCost {
  const a = prices.assumptions;
  const where = `stages "${stage.name}" endpoint.instance.instanceType`;
  const endpoint = stage.endpoint;
  const hosting = endpoint.kind === 'serverless' ? { lines: serverlessLines(endpoint, prices), notes: [] } : instanceEndpointLines(endpoint, prices, where);
  const payloadGb = (a.endpoint.requestsPerMonth * a.endpoint.averagePayloadKb) / 1_000_000;
  const lines = [
    ...hosting.lines,
    costLine('endpoint data processed (in + out)', `${plural(a.endpoint.requestsPerMonth, 'request')} x ${a.endpoint.averagePayloadKb} KB`, payloadGb, 'GB', prices.sagemaker.dataProcessedPerGb),
    // a stage without a VPC (serverless endpoint) has no network stack and so no interface endpoints
    ...(endpointInVpc(endpoint) ? interfaceEndpointLines(stage.network.maxAzs, prices) : []),
    ...kmsLines(a.kms.keysPerStage, prices),
    ...logLines(a.logs.ingestedGbPerStage, a.logs.storedGbPerStage, prices),
  ];
  if (endpoint.kind !== 'serverless' && endpoint.dataCapture.enabled) {
    lines.push(costLine('S3 data capture storage', `${a.storage.dataCaptureGbPerStage} GB kept`, a.storage.dataCaptureGbPerStage, 'GB-month', prices.s3.standardPerGbMonth));
  }
  const notes = [...hosting.notes];
  if (region !== prices.region) notes.push(`priced with ${prices.region} prices; ${region} prices differ`);
  return { stage: stage.name, region, lines, notes };
}
