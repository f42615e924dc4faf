import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MlStage } from '../../stages/ml-stage';
import { converge } from '../../stages/constructs/scaling-handoff/index.js';
import type { HandoffEvent, HandoffSdk } from '../../stages/constructs/scaling-handoff/index.js';
import type { RenderedEndpoint } from './endpoint-test-app';
import { cdkJsonContext, MODEL_ARTIFACT, onlyResource, renderEndpoints } from './endpoint-test-app';
import { testConfig } from '../helpers/test-config';

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

const scaling = {
  minCapacity: 2,
  maxCapacity: 6,
  targetTracking: { targetValue: 70 },
  stepScaling: { threshold: 140, steps: [{ lower: 0, change: 1 }] },
  scheduled: [{ name: 'weekday-peak', schedule: 'cron(0 7 ? * MON-FRI *)', timeZone: 'Europe/Dublin', minCapacity: 4 }],
};
const prod = (instanceType: string) => ({ environment: 'production' as const, stageName: 'Prod', endpoint: { instance: { instanceType, initialInstanceCount: 2 }, scaling } });

function byType(rendered: RenderedEndpoint, type: string): [string, Resource][] {
  return Object.entries(rendered.template.findResources(type)) as [string, Resource][];
}

/** the logical ids a resource waits for: DependsOn, Ref and Fn::GetAtt. */
function waitsFor(resource: Resource): string[] {
  const refs = [...JSON.stringify(resource.Properties).matchAll(/"(?:Ref|Fn::GetAtt)":\[?"([A-Za-z0-9]+)"/g)].map((m) => m[1]);
  return [...(resource.DependsOn ?? []), ...refs];
}

describe('scaling up an autoscaled variant (instance-type change)', () => {
  let before: RenderedEndpoint;
  let after: RenderedEndpoint;

  beforeAll(() => {
    ({ Before: before, After: after } = renderEndpoints({ Before: prod('ml.c5.large'), After: prod('ml.c5.xlarge') }));
  });

  test('the new endpoint config keeps the variant name, so the canary guardrails and rollback alarms apply to the scale-up', () => {
    const variants = (r: RenderedEndpoint) => onlyResource(r.template, 'AWS::SageMaker::EndpointConfig').resource.Properties.ProductionVariants;
    expect(variants(before)).toEqual([expect.objectContaining({ VariantName: 'primary', InstanceType: 'ml.c5.large' })]);
    expect(variants(after)).toEqual([expect.objectContaining({ VariantName: 'primary', InstanceType: 'ml.c5.xlarge' })]);
    const deployment = (r: RenderedEndpoint) => onlyResource(r.template, 'AWS::SageMaker::Endpoint').resource.Properties.DeploymentConfig;
    expect(deployment(after)).toEqual(deployment(before));
    expect(deployment(after)).toMatchObject({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY' } } });
  });

  test('the scalable target does not change, so CloudFormation leaves it to the handoff', () => {
    const target = (r: RenderedEndpoint) => byType(r, 'AWS::ApplicationAutoScaling::ScalableTarget').map(([id, t]) => [id, t.Properties]);
    expect(target(after)).toEqual(target(before));
  });

  test('the handoff carries the new instance type, the capacity range and the schedules', () => {
    const handoffs = byType(after, 'Custom::SageMakerScalingHandoff').map(([, h]) => h.Properties);
    expect(handoffs).toHaveLength(2);
    for (const [phase, props] of [['release', handoffs[0]], ['restore', handoffs[1]]] as const) {
      expect(props).toMatchObject({
        Phase: phase,
        EndpointName: 'tst-prod',
        VariantName: 'primary',
        InstanceType: 'ml.c5.xlarge',
        MinCapacity: 2,
        MaxCapacity: 6,
        ScheduledActions: [{ Name: 'weekday-peak', Schedule: 'cron(0 7 ? * MON-FRI *)', Timezone: 'Europe/Dublin', MinCapacity: 4 }],
      });
    }
    const instanceTypes = byType(before, 'Custom::SageMakerScalingHandoff').map(([, h]) => h.Properties.InstanceType);
    expect(instanceTypes).toEqual(['ml.c5.large', 'ml.c5.large']);
  });

  test('the scaling policies are renamed after the instance type, so CloudFormation replaces them', () => {
    const names = (r: RenderedEndpoint) => byType(r, 'AWS::ApplicationAutoScaling::ScalingPolicy').map(([, p]) => p.Properties.PolicyName).sort();
    expect(names(before)).toEqual(['primary-step-scaling-ml-c5-large', 'primary-target-tracking-ml-c5-large']);
    expect(names(after)).toEqual(['primary-step-scaling-ml-c5-xlarge', 'primary-target-tracking-ml-c5-xlarge']);
  });

  test('the update path is release -> endpoint update -> restore -> new policies -> step alarm', () => {
    const [[releaseId], [restoreId]] = byType(after, 'Custom::SageMakerScalingHandoff');
    const endpoint = onlyResource(after.template, 'AWS::SageMaker::Endpoint');
    const restore = after.template.findResources('Custom::SageMakerScalingHandoff')[restoreId] as Resource;
    expect(endpoint.resource.DependsOn).toContain(releaseId);
    expect(restore.DependsOn).toContain(endpoint.id);
    const policies = byType(after, 'AWS::ApplicationAutoScaling::ScalingPolicy');
    for (const [, policy] of policies) expect(policy.DependsOn).toContain(restoreId);
    const stepPolicy = policies.find(([, p]) => p.Properties.PolicyType === 'StepScaling');
    const alarm = byType(after, 'AWS::CloudWatch::Alarm').find(([, a]) => JSON.stringify(a.Properties.AlarmActions ?? []).includes(stepPolicy?.[0] ?? '?'));
    expect(alarm).toBeDefined();
    // the release step must not wait for the endpoint (it has to run before the update)
    const release = after.template.findResources('Custom::SageMakerScalingHandoff')[releaseId] as Resource;
    expect(waitsFor(release)).not.toContain(endpoint.id);
  });
});

describe('scaling handoff handler', () => {
  const props = { EndpointName: 'tst-prod', VariantName: 'primary', InstanceType: 'ml.c5.xlarge', MinCapacity: '2', MaxCapacity: '6', ScheduledActions: [{ Name: 'weekday-peak', Schedule: 'cron(0 7 ? * MON-FRI *)', Timezone: 'Europe/Dublin', MinCapacity: '4' }] };
  const target = { ServiceNamespace: 'sagemaker', ResourceId: 'endpoint/tst-prod/variant/primary', ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' };
  const TARGET_ARN = 'arn:aws:application-autoscaling:eu-west-1:333333333333:scalable-target/0123abcd';
  const TAGS = { 'mlpipe:project': 'tst', 'mlpipe:stage': 'Prod', 'mlpipe:environment': 'production' };

  function fakeSdk(running: string | undefined) {
    const calls: [string, unknown][] = [];
    const sdk: HandoffSdk = {
      describeEndpoint: async () => (running === undefined ? undefined : { EndpointConfigName: 'config-1' }),
      describeEndpointConfig: async () => ({ ProductionVariants: [{ VariantName: 'primary', InstanceType: running }] }),
      deregister: async (t) => calls.push(['deregister', t]),
      register: async (t) => {
        calls.push(['register', t]);
        return { ScalableTargetARN: TARGET_ARN };
      },
      tag: async (arn, tags) => calls.push(['tag', { arn, tags }]),
      putScheduledAction: async (a) => calls.push(['putScheduledAction', a]),
    };
    return { sdk, calls };
  }
  const update = (previousType: string): HandoffEvent => ({ RequestType: 'Update', ResourceProperties: props, OldResourceProperties: { ...props, InstanceType: previousType } });

  test('before the endpoint update (the variant still runs the old type) it deregisters the target', async () => {
    const { sdk, calls } = fakeSdk('ml.c5.large');
    await expect(converge(update('ml.c5.large'), sdk)).resolves.toBe('deregister');
    expect(calls).toEqual([['deregister', target]]);
  });

  test('after the endpoint update (the variant runs the new type) it registers the target again with its schedules', async () => {
    const { sdk, calls } = fakeSdk('ml.c5.xlarge');
    await expect(converge(update('ml.c5.large'), sdk)).resolves.toBe('register');
    expect(calls).toEqual([
      ['register', { ...target, MinCapacity: 2, MaxCapacity: 6 }],
      ['putScheduledAction', { ...target, ...props.ScheduledActions[0] }],
    ]);
  });

  test('after re-registering, it puts the scalable target\'s tags back on it (TagResource on the ARN RegisterScalableTarget returned)', async () => {
    const { sdk, calls } = fakeSdk('ml.c5.xlarge');
    const tagged: HandoffEvent = { RequestType: 'Update', ResourceProperties: { ...props, Tags: TAGS }, OldResourceProperties: { ...props, InstanceType: 'ml.c5.large', Tags: TAGS } };
    await expect(converge(tagged, sdk)).resolves.toBe('register');
    expect(calls.map(([call]) => call)).toEqual(['register', 'putScheduledAction', 'tag']);
    expect(calls[2]).toEqual(['tag', { arn: TARGET_ARN, tags: TAGS }]);
  });

  test('fails when the registration returns no target ARN to restore the tags on', async () => {
    const { sdk } = fakeSdk('ml.c5.xlarge');
    const tagged: HandoffEvent = { RequestType: 'Update', ResourceProperties: { ...props, Tags: TAGS }, OldResourceProperties: { ...props, InstanceType: 'ml.c5.large' } };
    await expect(converge(tagged, { ...sdk, register: async () => ({}) })).rejects.toThrow(/no ScalableTargetARN for endpoint\/tst-prod\/variant\/primary/);
  });

  test('when a failed scale-up rolls back, the release step re-registers the old variant', async () => {
    const { sdk, calls } = fakeSdk('ml.c5.large');
    const rollback: HandoffEvent = { RequestType: 'Update', ResourceProperties: { ...props, InstanceType: 'ml.c5.large' }, OldResourceProperties: props };
    await expect(converge(rollback, sdk)).resolves.toBe('register');
    expect(calls[0]).toEqual(['register', { ...target, MinCapacity: 2, MaxCapacity: 6 }]);
  });

  test('it does nothing on create, delete, an update without an instance-type change, or a missing endpoint', async () => {
    const { sdk, calls } = fakeSdk('ml.c5.large');
    await expect(converge({ RequestType: 'Create', ResourceProperties: props }, sdk)).resolves.toBe('none');
    await expect(converge({ RequestType: 'Delete', ResourceProperties: props }, sdk)).resolves.toBe('none');
    await expect(converge(update('ml.c5.xlarge'), sdk)).resolves.toBe('none');
    await expect(converge(update('ml.c5.large'), fakeSdk(undefined).sdk)).resolves.toBe('none');
    expect(calls).toEqual([]);
  });
});

describe('the tags of a re-registered scalable target', () => {
  const { environment, endpoint } = prod('ml.c5.large');
  const config = testConfig({ stages: [{ name: 'Prod', account: '333333333333', regions: ['eu-west-1'], environment, endpoint }] });
  const stage = new MlStage(new App({ context: cdkJsonContext() }), 'Prod', { config, stage: config.stages[0], region: 'eu-west-1', modelArtifact: MODEL_ARTIFACT });
  const template = Template.fromStack(stage.endpoint);
  const resources = (type: string) => Object.values(template.findResources(type)) as Resource[];

  test('the handoff carries exactly the tags the stage puts on the CloudFormation scalable target', () => {
    const [target] = resources('AWS::ApplicationAutoScaling::ScalableTarget');
    const targetTags = Object.fromEntries((target.Properties.Tags as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));
    expect(targetTags).toEqual({ 'mlpipe:project': 'tst', 'mlpipe:stage': 'Prod', 'mlpipe:environment': 'production' });
    const handoffs = resources('Custom::SageMakerScalingHandoff');
    expect(handoffs).toHaveLength(2);
    for (const handoff of handoffs) expect(handoff.Properties.Tags).toEqual(targetTags);
  });

  test('the handler may tag scalable targets: application-autoscaling:TagResource is the one permission added', () => {
    const [policy] = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) => id.startsWith('ScalingHandoffPolicy'));
    const statements = (policy[1] as Resource).Properties.PolicyDocument as { Statement: { Sid: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[] };
    const actions = statements.Statement.flatMap((s) => [s.Action].flat());
    expect(actions.sort()).toEqual([
      'application-autoscaling:DeregisterScalableTarget',
      'application-autoscaling:PutScheduledAction',
      'application-autoscaling:RegisterScalableTarget',
      'application-autoscaling:TagResource',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sagemaker:DescribeEndpoint',
      'sagemaker:DescribeEndpointConfig',
      'sagemaker:UpdateEndpointWeightsAndCapacities',
    ]);
    expect(statements.Statement.find((s) => s.Sid === 'RestoreTargetTags')).toEqual({
      Sid: 'RestoreTargetTags',
      Effect: 'Allow',
      Action: 'application-autoscaling:TagResource',
      Resource: 'arn:aws:application-autoscaling:eu-west-1:333333333333:scalable-target/*',
    });
  });
});
