import { Match } from 'aws-cdk-lib/assertions';
import type { RenderedEndpoint } from './endpoint-test-app';
import { onlyResource, renderEndpoints } from './endpoint-test-app';

const fleet = { instance: { instanceType: 'ml.c5.large', initialInstanceCount: 2 } };
const range = { minCapacity: 2, maxCapacity: 8 };
const tracking = { targetValue: 70 };
const steps = { metric: 'cpuUtilization', threshold: 140, evaluationPeriods: 3, cooldownSeconds: 120, steps: [{ lower: 0, upper: 30, change: 1 }, { lower: 30, change: 3 }] };
const schedules = [
  { name: 'weekday-peak', schedule: 'cron(0 7 ? * MON-FRI *)', timeZone: 'Europe/Dublin', minCapacity: 4 },
  { name: 'weekday-evening', schedule: 'cron(0 19 ? * MON-FRI *)', minCapacity: 2, maxCapacity: 6 },
];

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

function resources(rendered: RenderedEndpoint, type: string, props: Record<string, unknown> = {}): [string, Resource][] {
  return Object.entries(rendered.template.findResources(type, { Properties: props })) as [string, Resource][];
}

describe('endpoint autoscaling', () => {
  let r: Record<'TrackInvocations' | 'TrackCpu' | 'TrackLatency' | 'Step' | 'Scheduled' | 'Combined' | 'Serverless' | 'MultiModel' | 'TwoVariants' | 'Unscaled', RenderedEndpoint>;

  beforeAll(() => {
    r = renderEndpoints({
      TrackInvocations: { endpoint: { ...fleet, scaling: { ...range, targetTracking: tracking } } },
      TrackCpu: { endpoint: { ...fleet, scaling: { ...range, targetTracking: { metric: 'cpuUtilization', targetValue: 60, scaleInCooldownSeconds: 900, scaleOutCooldownSeconds: 60 } } } },
      TrackLatency: { endpoint: { ...fleet, scaling: { ...range, targetTracking: { metric: 'modelLatency', targetValue: 200000, disableScaleIn: true } } } },
      Step: { endpoint: { ...fleet, scaling: { ...range, stepScaling: steps } } },
      Scheduled: { endpoint: { ...fleet, scaling: { ...range, scheduled: schedules } } },
      Combined: { environment: 'production', endpoint: { ...fleet, scaling: { ...range, targetTracking: tracking, stepScaling: steps, scheduled: schedules } } },
      Serverless: { endpoint: { kind: 'serverless', serverless: { maxConcurrency: 20, provisionedConcurrency: 2 }, scaling: { minCapacity: 1, maxCapacity: 10, provisionedConcurrency: { targetUtilization: 0.8 }, scheduled: [schedules[0]] } } },
      MultiModel: { endpoint: { kind: 'multiModel', ...fleet, scaling: { ...range, targetTracking: tracking } } },
      TwoVariants: { endpoint: { ...fleet, variants: 2, scaling: { ...range, targetTracking: tracking } } },
      Unscaled: { endpoint: fleet },
    });
  });

  test('target tracking on invocations per instance uses the predefined metric, with cooldowns', () => {
    r.TrackInvocations.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyName: 'primary-target-tracking-ml-c5-large',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        TargetValue: 70,
        ScaleInCooldown: 600,
        ScaleOutCooldown: 300,
        DisableScaleIn: false,
      },
    });
  });

  test('the scalable target scales the variant instance count between min and max through the service-linked role', () => {
    r.TrackInvocations.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'sagemaker',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      ResourceId: 'endpoint/tst-trackinvocations/variant/primary',
      MinCapacity: 2,
      MaxCapacity: 8,
      RoleARN: 'arn:aws:iam::222222222222:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
    });
    const trusts = resources(r.TrackInvocations, 'AWS::IAM::Role').map(([, role]) => JSON.stringify(role.Properties.AssumeRolePolicyDocument));
    expect(trusts.filter((t) => t.includes('application-autoscaling'))).toEqual([]);
  });

  test('the scalable target depends on the endpoint', () => {
    for (const rendered of Object.values(r)) {
      for (const [, target] of resources(rendered, 'AWS::ApplicationAutoScaling::ScalableTarget')) expect(target.DependsOn).toContain('Endpoint');
    }
  });

  test('target tracking on CPU uses CPUUtilization of /aws/sagemaker/Endpoints for the variant', () => {
    r.TrackCpu.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        CustomizedMetricSpecification: {
          Namespace: '/aws/sagemaker/Endpoints',
          MetricName: 'CPUUtilization',
          Statistic: 'Average',
          Dimensions: Match.arrayWith([{ Name: 'EndpointName', Value: 'tst-trackcpu' }, { Name: 'VariantName', Value: 'primary' }]),
        },
        TargetValue: 60,
        ScaleInCooldown: 900,
        ScaleOutCooldown: 60,
      },
    });
  });

  test('target tracking on model latency uses ModelLatency of AWS/SageMaker and may only scale out', () => {
    r.TrackLatency.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        CustomizedMetricSpecification: { Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Statistic: 'Average' },
        TargetValue: 200000,
        DisableScaleIn: true,
      },
    });
  });

  test('step scaling has the configured steps, and an alarm of ours at the threshold triggers it', () => {
    const [[policyId]] = resources(r.Step, 'AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyName: 'primary-step-scaling-ml-c5-large',
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        Cooldown: 120,
        MetricAggregationType: 'Average',
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 30, ScalingAdjustment: 1 },
          { MetricIntervalLowerBound: 30, ScalingAdjustment: 3 },
        ],
      },
    });
    r.Step.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: '/aws/sagemaker/Endpoints',
      MetricName: 'CPUUtilization',
      Threshold: 140,
      EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: policyId }],
    });
  });

  test('scheduled scaling sets min and max per action, in the action\'s time zone', () => {
    r.Scheduled.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScheduledActions: [
        { ScheduledActionName: 'weekday-peak', Schedule: 'cron(0 7 ? * MON-FRI *)', Timezone: 'Europe/Dublin', ScalableTargetAction: { MinCapacity: 4 } },
        { ScheduledActionName: 'weekday-evening', Schedule: 'cron(0 19 ? * MON-FRI *)', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 6 } },
      ],
    });
    r.Scheduled.template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
  });

  test('all three kinds combine on one target', () => {
    const targets = resources(r.Combined, 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(targets).toHaveLength(1);
    expect(targets[0][1].Properties.ScheduledActions).toHaveLength(2);
    const policies = resources(r.Combined, 'AWS::ApplicationAutoScaling::ScalingPolicy');
    expect(policies.map(([, p]) => p.Properties.PolicyType).sort()).toEqual(['StepScaling', 'TargetTrackingScaling']);
    for (const [, policy] of policies) expect(policy.Properties.ScalingTargetId).toEqual({ Ref: targets[0][0] });
  });

  test('a serverless endpoint tracks provisioned concurrency utilization, with schedules', () => {
    const t = r.Serverless.template;
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'sagemaker:variant:DesiredProvisionedConcurrency',
      ResourceId: 'endpoint/tst-serverless/variant/primary',
      MinCapacity: 1,
      MaxCapacity: 10,
      ScheduledActions: [Match.objectLike({ ScheduledActionName: 'weekday-peak' })],
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyName: 'primary-provisioned-concurrency-serverless',
      TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantProvisionedConcurrencyUtilization' }, TargetValue: 0.8 },
    });
  });

  test('a multi-model endpoint scales its instances like a real-time one', () => {
    r.MultiModel.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ResourceId: 'endpoint/tst-multimodel/variant/primary', ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' });
  });

  test('each of several variants gets its own target and policy', () => {
    const ids = resources(r.TwoVariants, 'AWS::ApplicationAutoScaling::ScalableTarget').map(([, t]) => t.Properties.ResourceId);
    expect(ids.sort()).toEqual(['endpoint/tst-twovariants/variant/primary', 'endpoint/tst-twovariants/variant/primary-2']);
    expect(resources(r.TwoVariants, 'AWS::ApplicationAutoScaling::ScalingPolicy')).toHaveLength(2);
    const config = onlyResource(r.TwoVariants.template, 'AWS::SageMaker::EndpointConfig').resource.Properties.ProductionVariants as { VariantName: string; InitialVariantWeight: number }[];
    expect(config.map((v) => [v.VariantName, v.InitialVariantWeight])).toEqual([['primary', 1], ['primary-2', 1]]);
  });

  test('redeploys of an autoscaled endpoint keep its capacity but apply the new data capture settings', () => {
    const endpoint = onlyResource(r.Combined.template, 'AWS::SageMaker::Endpoint').resource.Properties;
    expect(endpoint.RetainAllVariantProperties).toBe(true);
    expect(endpoint.ExcludeRetainedVariantProperties).toEqual([{ VariantPropertyType: 'DataCaptureConfig' }]);
  });

  test('an endpoint without scaling has no target, no handoff and keeps no variant properties', () => {
    const t = r.Unscaled.template;
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    t.resourceCountIs('Custom::SageMakerScalingHandoff', 0);
    t.resourceCountIs('AWS::Lambda::Function', 0);
    expect(onlyResource(t, 'AWS::SageMaker::Endpoint').resource.Properties.RetainAllVariantProperties).toBeUndefined();
  });
});
