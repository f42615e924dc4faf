import { Match } from 'aws-cdk-lib/assertions';
import type { RenderedEndpoint } from './endpoint-test-app';
import { onlyResource, renderEndpoints } from './endpoint-test-app';

type Resource = { Properties: Record<string, unknown> };
type Widget = { type: string; properties: { title?: string; markdown?: string; metrics?: unknown[][] } };

function deployment(r: RenderedEndpoint): Record<string, unknown> {
  return onlyResource(r.template, 'AWS::SageMaker::Endpoint').resource.Properties.DeploymentConfig as Record<string, unknown>;
}

function alarms(r: RenderedEndpoint): [string, Resource][] {
  return Object.entries(r.template.findResources('AWS::CloudWatch::Alarm')) as [string, Resource][];
}

/** the dashboard body with its Fn::Join flattened (tokens as `${...}`). */
function widgets(r: RenderedEndpoint): Widget[] {
  const body = onlyResource(r.template, 'AWS::CloudWatch::Dashboard').resource.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}

/** every metric name a dashboard graphs. */
function metricNames(r: RenderedEndpoint): string[] {
  return [...new Set(widgets(r).flatMap((w) => (w.properties.metrics ?? []).map((m) => m.find((x, i) => i > 0 && typeof x === 'string' && /^[A-Z]/.test(x)) as string)))];
}

describe('endpoint rollouts and monitoring', () => {
  let r: Record<'Canary' | 'Linear' | 'AllAtOnce' | 'Rolling' | 'Serverless' | 'MultiModel', RenderedEndpoint>;

  beforeAll(() => {
    r = renderEndpoints({
      Canary: { environment: 'production', endpoint: { instance: { initialInstanceCount: 4 }, rollout: { canaryPercent: 25, bakeSeconds: 600, finalBakeSeconds: 900, maxExecutionSeconds: 7200 }, alarms: { errorRatePercent: 2, p99LatencyMs: 800, evaluationPeriods: 2, emails: ['oncall@example.com'] } } },
      Linear: { endpoint: { instance: { initialInstanceCount: 2 }, rollout: { strategy: 'linear', linearStepPercent: 25, bakeSeconds: 120 } } },
      AllAtOnce: { endpoint: {} },
      Rolling: { endpoint: { instance: { initialInstanceCount: 4 }, rollout: { strategy: 'rolling', rollingBatchPercent: 25, bakeSeconds: 60 } } },
      Serverless: { endpoint: { kind: 'serverless' } },
      MultiModel: { endpoint: { kind: 'multiModel' } },
    });
  });

  test('production defaults to a canary with bake times and rollback on both new-fleet alarms', () => {
    expect(r.Canary.stage.endpoint.rollout.strategy).toBe('canary');
    const rollbackIds = alarms(r.Canary).filter(([id]) => id.startsWith('AlarmsRollback')).map(([id]) => id);
    expect(deployment(r.Canary)).toEqual({
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 25 }, WaitIntervalInSeconds: 600 },
        TerminationWaitInSeconds: 900,
        MaximumExecutionTimeoutInSeconds: 7200,
      },
      AutoRollbackConfiguration: { Alarms: rollbackIds.map((id) => ({ AlarmName: { Ref: id } })) },
    });
    expect(rollbackIds).toHaveLength(2);
  });

  test('staging defaults to all at once, still baked and rolled back on alarms', () => {
    expect(deployment(r.AllAtOnce)).toMatchObject({
      BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 300 }, TerminationWaitInSeconds: 600, MaximumExecutionTimeoutInSeconds: 3600 },
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: expect.anything() }, { AlarmName: expect.anything() }] },
    });
  });

  test('linear rollouts shift the configured step', () => {
    expect(deployment(r.Linear)).toMatchObject({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'LINEAR', LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 25 }, WaitIntervalInSeconds: 120 } } });
  });

  test('rolling rollouts replace the fleet in batches', () => {
    expect(deployment(r.Rolling)).toMatchObject({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 25 }, WaitIntervalInSeconds: 60, MaximumExecutionTimeoutInSeconds: 3600 } });
    expect(deployment(r.Rolling).BlueGreenUpdatePolicy).toBeUndefined();
  });

  test('the rollback alarms watch the new fleet only: 5XX rate and p99 model latency with the new config\'s name', () => {
    const [, errorAlarm] = alarms(r.Canary).find(([id]) => id.startsWith('AlarmsRollbackErrorRate')) ?? [];
    const [, latencyAlarm] = alarms(r.Canary).find(([id]) => id.startsWith('AlarmsRollbackLatency')) ?? [];
    const newFleet = [
      { Name: 'EndpointName', Value: 'tst-canary' },
      { Name: 'VariantName', Value: 'primary' },
      { Name: 'EndpointConfigName', Value: { 'Fn::GetAtt': ['EndpointConfig', 'EndpointConfigName'] } },
    ];
    expect(latencyAlarm?.Properties).toMatchObject({ MetricName: 'ModelLatency', Namespace: 'AWS/SageMaker', ExtendedStatistic: 'p99', Threshold: 800000, EvaluationPeriods: 2, TreatMissingData: 'notBreaching' });
    expect(latencyAlarm?.Properties.Dimensions).toEqual(expect.arrayContaining(newFleet));
    expect(latencyAlarm?.Properties.Dimensions).toHaveLength(3);
    expect(errorAlarm?.Properties).toMatchObject({ Threshold: 2, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    const metrics = errorAlarm?.Properties.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: unknown } } }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('IF(invocations > 0, 100 * errors / invocations, 0)');
    const stats = metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat?.Metric);
    expect(stats.map((m) => m?.MetricName)).toEqual(['Invocation5XXErrors', 'Invocations']);
    for (const metric of stats) expect(metric?.Dimensions).toEqual(expect.arrayContaining(newFleet));
  });

  test('a serverless endpoint has the operational alarms but no rollback alarms (nothing would watch them)', () => {
    expect(alarms(r.Serverless).map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['AlarmsErrorRate', 'AlarmsLatency']);
  });

  test('every alarm notifies the encrypted topic, which e-mails the configured address', () => {
    const topicId = onlyResource(r.Canary.template, 'AWS::SNS::Topic').id;
    const toTopic = alarms(r.Canary).filter(([, a]) => JSON.stringify(a.Properties.AlarmActions ?? []).includes(topicId));
    expect(toTopic.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['AlarmsErrorRate', 'AlarmsLatency', 'AlarmsRollbackErrorRate', 'AlarmsRollbackLatency']);
    r.Canary.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: topicId } });
    r.Canary.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  test('the dashboard graphs latency, overhead, traffic, errors and utilization of every endpoint', () => {
    for (const rendered of Object.values(r)) {
      expect(metricNames(rendered)).toEqual(
        expect.arrayContaining(['ModelLatency', 'OverheadLatency', 'Invocations', 'InvocationsPerInstance', 'Invocation4XXErrors', 'Invocation5XXErrors', 'CPUUtilization', 'MemoryUtilization', 'DiskUtilization']),
      );
    }
    const latency = widgets(r.AllAtOnce).find((w) => w.properties.title === 'Model latency p50 / p90 / p99');
    expect(latency?.properties.metrics?.map((m) => (m[m.length - 1] as { stat: string }).stat)).toEqual(['p50', 'p90', 'p99']);
  });

  test('the dashboard adds cold starts for serverless and the model cache for multi-model', () => {
    expect(metricNames(r.Serverless)).toContain('ModelSetupTime');
    expect(metricNames(r.AllAtOnce)).not.toContain('ModelSetupTime');
    expect(metricNames(r.MultiModel)).toEqual(expect.arrayContaining(['ModelCacheHit', 'ModelLoadingWaitTime', 'ModelUnloadingTime']));
    expect(metricNames(r.AllAtOnce)).not.toContain('ModelCacheHit');
  });

  test('the dashboard explains each graph and what to do when an alarm fires', () => {
    const text = widgets(r.Canary).find((w) => w.type === 'text')?.properties.markdown ?? '';
    expect(text).toContain('**Overhead latency**');
    expect(text).toContain('**When an alarm fires**: 5XX above 2 % or p99 latency above 800 ms');
    expect(text).toContain('shift all traffic back to the old fleet');
    expect(widgets(r.Canary).some((w) => w.type === 'alarm')).toBe(true);
  });
});
