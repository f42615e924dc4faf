import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { EndpointConfig } from '../../config';
import { errorRate } from './endpoint-alarms';

/** props of an EndpointDashboard. */
export interface EndpointDashboardProps {
  /** the endpoint's name (also the dashboard's) */
  readonly endpointName: string;
  /** its variants */
  readonly variantNames: readonly string[];
  /** the endpoint settings (kind, alarm thresholds) */
  readonly endpoint: EndpointConfig;
  /** the alarms shown in the alarm status widget */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const MINUTE = Duration.minutes(1);

/** what the multi-model graphs mean and what to do when they move. */
const multiModelText = [
  '**Loaded models** (per instance): how many models of the catalogue sit in memory. It falls when models are unloaded to make room: if it stays below the number of models clients use, the working set does not fit; use an instance type with more memory, or more instances.',
  '**Cache hit ratio**: share of requests served by an already loaded model. Below about 0.9 with regular traffic, most requests wait for a load; with unloading rising too, the instance thrashes (raise memory or instance count, or split the catalogue over two endpoints).',
  '**Model loading wait**: what a request that misses the cache waits (download plus load). Its p99 rising is what clients feel as cold starts.',
  '**Downloading time**: time to fetch model.tar.gz from the models bucket; a rise with unchanged model sizes points at S3 or the VPC endpoint. **Loading time**: time the container takes to load a model; a rise follows larger models. **Unloading** (count): how often models are evicted; a steady rate means the cache is too small.',
].join('\n\n');

/** the runbook shown on the dashboard: what each graph means and what to do when an alarm fires. */
export function dashboardText(props: Pick<EndpointDashboardProps, 'endpointName' | 'endpoint'>): string {
  const { alarms, kind } = props.endpoint;
  return [
    `# ${props.endpointName} (${kind})`,
    '**Model latency** (p50/p90/p99, microseconds): time the container takes to answer. **Overhead latency**: time SageMaker adds (routing, auth); a rise without a model-latency rise points at SageMaker or payload size.',
    '**Invocations / per instance**: traffic, and what target tracking scales on. **4XX**: bad requests (client side). **5XX**: the container failed or timed out (our side).',
    '**CPU / memory / disk**: per instance, CPU summed over cores (400 % on 4 vCPU). Memory or disk near 100 % precedes 5XX.',
    kind === 'serverless' ? '**Model setup time**: cold starts; raise provisioned concurrency if it hurts.' : '',
    kind === 'multiModel' ? multiModelText : '',
    props.endpoint.explainability
      ? '**Explanations per instance**: records the Clarify explainer explained per minute per instance. Each explanation costs many model calls (numberOfSamples records per explained record), so a rise in it, not in invocations, is what saturates the fleet: scale on it (explainability.targetExplanationsPerInstance), narrow enableExplanations, or lower numberOfSamples.'
      : '',
    `**When an alarm fires**: 5XX above ${alarms.errorRatePercent} % or p99 latency above ${alarms.p99LatencyMs} ms. During a deployment the rollback alarms make SageMaker shift all traffic back to the old fleet by itself: read the endpoint's events and the container logs (/aws/sagemaker/Endpoints/${props.endpointName}), fix, and push a new commit. Outside a deployment: check CPU/memory (scale up or raise maxCapacity), then the logs, then roll back by reverting the commit.`,
  ]
    .filter((line) => line !== '')
    .join('\n\n');
}

/**
 * the endpoint's CloudWatch dashboard: runbook text, alarm status, latency, traffic, errors,
 * utilization, and cold starts (serverless) or model cache (multi-model).
 */
export class EndpointDashboard extends Construct {
  /** the dashboard */
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: EndpointDashboardProps) {
    super(scope, id);
    const { endpointName, variantNames, endpoint } = props;
    const dims = (variantName: string) => ({ EndpointName: endpointName, VariantName: variantName });
    const sm = (metricName: string, statistic: string, variantName: string, namespace = 'AWS/SageMaker') =>
      new cloudwatch.Metric({ namespace, metricName, statistic, dimensionsMap: dims(variantName), period: MINUTE, label: `${variantName} ${metricName} ${statistic}` });
    const each = (metricName: string, statistics: readonly string[], namespace?: string) =>
      variantNames.flatMap((v) => statistics.map((s) => sm(metricName, s, v, namespace)));
    const graph = (title: string, left: cloudwatch.IMetric[], unit?: string) =>
      new cloudwatch.GraphWidget({ title, left, width: 12, height: 6, leftYAxis: unit ? { label: unit, showUnits: false } : undefined });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: endpointName, defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: dashboardText(props), width: 12, height: 8 }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 12, height: 8 }),
    );
    this.dashboard.addWidgets(
      graph('Model latency p50 / p90 / p99', each('ModelLatency', ['p50', 'p90', 'p99']), 'microseconds'),
      graph('Overhead latency', each('OverheadLatency', ['Average', 'p99']), 'microseconds'),
    );
    this.dashboard.addWidgets(
      graph('Invocations', each('Invocations', ['Sum'])),
      graph('Invocations per instance', each('InvocationsPerInstance', ['Sum'])),
    );
    this.dashboard.addWidgets(
      graph('4XX / 5XX errors', [...each('Invocation4XXErrors', ['Sum']), ...each('Invocation5XXErrors', ['Sum']), ...each('InvocationModelErrors', ['Sum'])]),
      graph('5XX error rate', variantNames.map((v, i) => errorRate(dims(v), String(i))), '%'),
    );
    this.dashboard.addWidgets(
      graph('CPU utilization (sum over cores)', each('CPUUtilization', ['Average'], '/aws/sagemaker/Endpoints'), '%'),
      graph('Memory and disk utilization', [...each('MemoryUtilization', ['Average'], '/aws/sagemaker/Endpoints'), ...each('DiskUtilization', ['Average'], '/aws/sagemaker/Endpoints')], '%'),
    );
    if (endpoint.kind === 'serverless') {
      this.dashboard.addWidgets(graph('Model setup time (cold starts)', each('ModelSetupTime', ['Average', 'p99', 'SampleCount']), 'microseconds'));
    }
    if (endpoint.explainability) {
      this.dashboard.addWidgets(graph('Explanations per instance (Clarify)', each('ExplanationsPerInstance', ['Sum'])));
    }
    if (endpoint.kind === 'multiModel') {
      this.dashboard.addWidgets(
        graph('Loaded models per instance', each('LoadedModelCount', ['Average', 'Maximum'], '/aws/sagemaker/Endpoints')),
        graph('Model cache hit ratio', each('ModelCacheHit', ['Average'])),
      );
      this.dashboard.addWidgets(
        graph('Model loading wait (cache misses)', each('ModelLoadingWaitTime', ['Average', 'p99']), 'microseconds'),
        graph('Model downloading, loading and unloading', [...each('ModelDownloadingTime', ['Average', 'p99']), ...each('ModelLoadingTime', ['Average']), ...each('ModelUnloadingTime', ['SampleCount'])], 'microseconds'),
      );
    }
  }
}
