import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AlarmsConfig } from '../../config/endpoint-rollout-schema';

/** props of EndpointAlarms. */
export interface EndpointAlarmsProps {
  /** the endpoint's name */
  readonly endpointName: string;
  /** its variants */
  readonly variantNames: readonly string[];
  /** the name of the endpoint config being rolled out (the new fleet's metrics carry it as a dimension) */
  readonly endpointConfigName: string;
  /** thresholds */
  readonly alarms: AlarmsConfig;
  /** where every alarm notifies */
  readonly topic: sns.ITopic;
  /**
   * false: no rollback alarms (serverless endpoints have no deployment guardrails to watch them)
   * @default true
   */
  readonly rollbackAlarms?: boolean;
}

/**
 * the 5XX share of invocations in percent, for metrics with the given dimensions. `idSuffix` keeps
 * the expression's metric ids apart when several rates share a graph.
 */
export function errorRate(dimensionsMap: Record<string, string>, idSuffix = ''): cloudwatch.MathExpression {
  const metric = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName, dimensionsMap, statistic: 'Sum', period: Duration.minutes(1) });
  return new cloudwatch.MathExpression({
    expression: `IF(invocations${idSuffix} > 0, 100 * errors${idSuffix} / invocations${idSuffix}, 0)`,
    usingMetrics: { [`errors${idSuffix}`]: metric('Invocation5XXErrors'), [`invocations${idSuffix}`]: metric('Invocations') },
    label: `${dimensionsMap.VariantName ?? ''} 5XX error rate (%)`.trim(),
    period: Duration.minutes(1),
  });
}

/** p99 model latency (microseconds) for metrics with the given dimensions. */
export function p99Latency(dimensionsMap: Record<string, string>): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'ModelLatency', dimensionsMap, statistic: 'p99', period: Duration.minutes(1) });
}

/**
 * per variant: the rollback alarms SageMaker watches during a blue/green or rolling deployment, on
 * the new fleet only (dimension `EndpointConfigName` of the config being rolled out, so a slow old
 * fleet cannot abort a good deployment), and the operational alarms on the whole variant. All notify
 * the topic; missing data (no traffic) is not breaching.
 */
export class EndpointAlarms extends Construct {
  /** the alarms named in the endpoint's AutoRollbackConfiguration */
  public readonly rollback: cloudwatch.Alarm[] = [];
  /** the alarms on the serving variants */
  public readonly operational: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: EndpointAlarmsProps) {
    super(scope, id);
    const { alarms, endpointName } = props;
    const action = new actions.SnsAction(props.topic);
    const make = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: alarms.evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    };
    props.variantNames.forEach((variantName, index) => {
      const suffix = index === 0 ? '' : String(index + 1);
      const variant = { EndpointName: endpointName, VariantName: variantName };
      const newFleet = { ...variant, EndpointConfigName: props.endpointConfigName };
      const latencyUs = alarms.p99LatencyMs * 1000;
      if (props.rollbackAlarms !== false) {
        this.rollback.push(
          make(`RollbackErrorRate${suffix}`, errorRate(newFleet), alarms.errorRatePercent, `rollback: the new fleet of ${endpointName}/${variantName} answers more than ${alarms.errorRatePercent}% of invocations with 5XX; SageMaker shifts all traffic back to the old fleet`),
          make(`RollbackLatency${suffix}`, p99Latency(newFleet), latencyUs, `rollback: p99 model latency of the new fleet of ${endpointName}/${variantName} is above ${alarms.p99LatencyMs} ms; SageMaker shifts all traffic back to the old fleet`),
        );
      }
      this.operational.push(
        make(`ErrorRate${suffix}`, errorRate(variant), alarms.errorRatePercent, `${endpointName}/${variantName} answers more than ${alarms.errorRatePercent}% of invocations with 5XX; see the dashboard's text widget`),
        make(`Latency${suffix}`, p99Latency(variant), latencyUs, `p99 model latency of ${endpointName}/${variantName} is above ${alarms.p99LatencyMs} ms; see the dashboard's text widget`),
      );
    });
  }
}
