import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { SCALING_METRICS } from '../../config/endpoint-scaling-schema';

/** one of the metrics an endpoint variant scales on, by its config name. */
export type ScalingMetricName = (typeof SCALING_METRICS)[number];

/** the endpoint and variant a metric is about. */
export interface VariantDimensions {
  readonly endpointName: string;
  readonly variantName: string;
}

/**
 * the CloudWatch metric behind a config metric name: invocations per instance (Sum per minute,
 * `AWS/SageMaker`), CPU utilization (Average, summed over cores, `/aws/sagemaker/Endpoints`) or model
 * latency (Average, microseconds, `AWS/SageMaker`).
 */
export function scalingMetric(name: ScalingMetricName, variant: VariantDimensions): cloudwatch.Metric {
  const dimensionsMap = { EndpointName: variant.endpointName, VariantName: variant.variantName };
  const period = Duration.minutes(1);
  switch (name) {
    case 'cpuUtilization':
      return new cloudwatch.Metric({ namespace: '/aws/sagemaker/Endpoints', metricName: 'CPUUtilization', dimensionsMap, statistic: 'Average', period });
    case 'modelLatency':
      return new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'ModelLatency', dimensionsMap, statistic: 'Average', period });
    default:
      return new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'InvocationsPerInstance', dimensionsMap, statistic: 'Sum', period });
  }
}
