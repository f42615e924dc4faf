import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * where Model Monitor's built-in analyzer publishes the data-quality metrics of an endpoint when the
 * baseline constraints have `emit_metrics: Enabled` and the job's environment
 * `publish_cloudwatch_metrics: Enabled`: the namespace `aws/sagemaker/Endpoints/data-metrics` with
 * the dimensions `Endpoint` and `MonitoringSchedule` (SageMaker DG model-monitor-byoc-cloudwatch,
 * "We recommend you add the following dimensions ... Endpoint and MonitoringSchedule for real-time
 * endpoints", and the data-metrics namespace of the Model Monitor pages). The DG page
 * model-monitor-interpreting-cloudwatch spells it `/aws/sagemaker/Endpoints/data-metric` with
 * `EndpointName` and `ScheduleName`; the first spelling is the one AWS's examples alarm on. Check
 * the metric's dimensions in the console after the first run (docs/monitoring.md).
 */
export const DATA_METRICS_NAMESPACE = 'aws/sagemaker/Endpoints/data-metrics';

/**
 * the column names the analyzer gives a headerless CSV (the training channel and the captured
 * traffic have no header): `_c0` is the label (in captured traffic: the model's answer, placed first
 * by `output_columns_position: START`), `_c1`.. the features in training order.
 */
export function monitoredColumns(featureNames: readonly string[]): { readonly column: string; readonly meaning: string }[] {
  return [{ column: '_c0', meaning: 'label / predicted class' }, ...featureNames.map((name, i) => ({ column: `_c${i + 1}`, meaning: name }))];
}

/**
 * the baseline drift distance of one column, published once per monitoring run: the distance
 * between the distribution of the run's captured data and the baseline's (0 = same, 1 = disjoint),
 * metric `feature_baseline_drift_<column>` (SageMaker DG model-monitor-interpreting-cloudwatch).
 */
export function driftMetric(endpointName: string, scheduleName: string, column: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: DATA_METRICS_NAMESPACE,
    metricName: `feature_baseline_drift_${column}`,
    dimensionsMap: { Endpoint: endpointName, MonitoringSchedule: scheduleName },
    statistic: 'Maximum',
    period,
  });
}

/** the largest drift distance of any column in each monitoring run. */
export function maxDrift(endpointName: string, scheduleName: string, featureNames: readonly string[], period: Duration): cloudwatch.MathExpression {
  const columns = monitoredColumns(featureNames);
  return new cloudwatch.MathExpression({
    expression: `MAX([${columns.map((_, i) => `d${i}`).join(', ')}])`,
    usingMetrics: Object.fromEntries(columns.map((c, i) => [`d${i}`, driftMetric(endpointName, scheduleName, c.column, period)])),
    label: 'largest baseline drift of any column',
    period,
  });
}
