import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import type { EndpointConfig } from '../../config';
import { scalingMetric } from './scaling-metrics';

/** props of a VariantAutoscaling. */
export interface VariantAutoscalingProps {
  /** the endpoint's name */
  readonly endpointName: string;
  /** the variant's name */
  readonly variantName: string;
  /** the endpoint settings (kind and scaling) */
  readonly endpoint: EndpointConfig;
  /**
   * what must exist before the variant can be registered: the endpoint, and the scale-up handoff
   * that re-registers a variant whose instance type changed
   */
  readonly after: readonly IConstruct[];
  /**
   * resources the scaling policies must be created after (the handoff's restore step)
   * @default - only the scalable target
   */
  readonly policiesAfter?: readonly IConstruct[];
}

/** the SageMaker resource id of a variant for Application Auto Scaling. */
export function variantResourceId(endpointName: string, variantName: string): string {
  return `endpoint/${endpointName}/variant/${variantName}`;
}

/**
 * the suffix of the variant's scaling policy names: the instance type (`ml-m5-large`), so that an
 * instance-type change replaces the policies after the variant is registered again.
 */
export function policyNameSuffix(endpoint: EndpointConfig): string {
  return endpoint.kind === 'serverless' ? 'serverless' : endpoint.instance.instanceType.replace(/\./g, '-');
}

/**
 * Application Auto Scaling of one variant: its instance count (instance and multi-model endpoints)
 * or provisioned concurrency (serverless), by target tracking, step scaling on an alarm created here,
 * and scheduled actions. The target is registered only after the endpoint exists.
 */
export class VariantAutoscaling extends Construct {
  /** the scalable target */
  public readonly target: appscaling.ScalableTarget;
  /**
   * the alarm that drives step scaling
   * @default - none, when step scaling is not configured
   */
  public readonly stepAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: VariantAutoscalingProps) {
    super(scope, id);
    const { endpoint, endpointName, variantName } = props;
    const { scaling } = endpoint;
    const serverless = endpoint.kind === 'serverless';
    const suffix = policyNameSuffix(endpoint);
    const variant = { endpointName, variantName };

    const stack = Stack.of(this);
    this.target = new appscaling.ScalableTarget(this, 'Target', {
      // the service-linked role Application Auto Scaling creates for SageMaker on first registration
      role: iam.Role.fromRoleArn(this, 'ServiceLinkedRole', `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`, { mutable: false }),
      serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
      scalableDimension: serverless ? 'sagemaker:variant:DesiredProvisionedConcurrency' : 'sagemaker:variant:DesiredInstanceCount',
      resourceId: variantResourceId(endpointName, variantName),
      minCapacity: scaling.minCapacity,
      maxCapacity: scaling.maxCapacity,
    });
    for (const dependency of props.after) this.target.node.addDependency(dependency);

    scaling.scheduled.forEach((action) => {
      this.target.scaleOnSchedule(action.name, {
        schedule: appscaling.Schedule.expression(action.schedule),
        timeZone: action.timeZone === 'UTC' ? undefined : TimeZone.of(action.timeZone),
        minCapacity: action.minCapacity,
        maxCapacity: action.maxCapacity,
      });
    });

    const policies: Construct[] = [];
    if (serverless && scaling.provisionedConcurrency) {
      const pc = scaling.provisionedConcurrency;
      policies.push(
        new appscaling.TargetTrackingScalingPolicy(this, 'ProvisionedConcurrencyTracking', {
          scalingTarget: this.target,
          policyName: `${variantName}-provisioned-concurrency-${suffix}`,
          predefinedMetric: appscaling.PredefinedMetric.SAGEMAKER_VARIANT_PROVISIONED_CONCURRENCY_UTILIZATION,
          targetValue: pc.targetUtilization,
          scaleInCooldown: Duration.seconds(pc.scaleInCooldownSeconds),
          scaleOutCooldown: Duration.seconds(pc.scaleOutCooldownSeconds),
        }),
      );
    }
    if (!serverless && scaling.targetTracking) {
      const tt = scaling.targetTracking;
      policies.push(
        new appscaling.TargetTrackingScalingPolicy(this, 'TargetTracking', {
          scalingTarget: this.target,
          policyName: `${variantName}-target-tracking-${suffix}`,
          predefinedMetric: tt.metric === 'invocationsPerInstance' ? appscaling.PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE : undefined,
          customMetric: tt.metric === 'invocationsPerInstance' ? undefined : scalingMetric(tt.metric, variant),
          targetValue: tt.targetValue,
          scaleInCooldown: Duration.seconds(tt.scaleInCooldownSeconds),
          scaleOutCooldown: Duration.seconds(tt.scaleOutCooldownSeconds),
          disableScaleIn: tt.disableScaleIn,
        }),
      );
    }
    const explanations = endpoint.explainability?.targetExplanationsPerInstance;
    if (!serverless && explanations !== undefined) {
      // SageMaker DG endpoint-auto-scaling-add-code-define: an endpoint with online explainability
      // emits ExplanationsPerInstance (records explained per minute per instance, AWS/SageMaker, Sum)
      policies.push(
        new appscaling.TargetTrackingScalingPolicy(this, 'ExplanationTracking', {
          scalingTarget: this.target,
          policyName: `${variantName}-explanations-${suffix}`,
          customMetric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'ExplanationsPerInstance', dimensionsMap: { EndpointName: endpointName, VariantName: variantName }, statistic: 'Sum', period: Duration.minutes(1) }),
          targetValue: explanations,
        }),
      );
    }
    if (!serverless && scaling.stepScaling) {
      const step = scaling.stepScaling;
      const action = new appscaling.StepScalingAction(this, 'StepScaling', {
        scalingTarget: this.target,
        policyName: `${variantName}-step-scaling-${suffix}`,
        adjustmentType: appscaling.AdjustmentType[step.adjustmentType === 'ChangeInCapacity' ? 'CHANGE_IN_CAPACITY' : step.adjustmentType === 'PercentChangeInCapacity' ? 'PERCENT_CHANGE_IN_CAPACITY' : 'EXACT_CAPACITY'],
        cooldown: Duration.seconds(step.cooldownSeconds),
        metricAggregationType: appscaling.MetricAggregationType.AVERAGE,
      });
      for (const s of step.steps) {
        action.addAdjustment({ lowerBound: s.lower, upperBound: s.upper, adjustment: s.change });
      }
      this.stepAlarm = new cloudwatch.Alarm(this, 'StepScalingAlarm', {
        alarmDescription: `step scaling of ${endpointName}/${variantName}: ${step.metric} >= ${step.threshold} for ${step.evaluationPeriods} minute(s) adds capacity by the configured steps`,
        metric: scalingMetric(step.metric, variant),
        threshold: step.threshold,
        evaluationPeriods: step.evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      this.stepAlarm.addAlarmAction(new actions.ApplicationScalingAction(action));
      policies.push(action);
    }
    for (const policy of policies) {
      for (const dependency of props.policiesAfter ?? []) policy.node.addDependency(dependency);
    }
  }
}
