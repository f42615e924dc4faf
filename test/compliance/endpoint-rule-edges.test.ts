import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { CfnScalableTarget, CfnScalingPolicy } from 'aws-cdk-lib/aws-applicationautoscaling';
import { CfnEndpoint, CfnEndpointConfig, CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { NagRuleCompliance } from 'cdk-nag';
import { dataCaptureEncrypted } from '../../compliance/rules/data-capture-encrypted';
import { endpointBlueGreenRollback } from '../../compliance/rules/endpoint-blue-green-rollback';
import { endpointConfigCustomerKey } from '../../compliance/rules/endpoint-config-customer-key';
import { modelVpcIsolation } from '../../compliance/rules/model-vpc-isolation';
import { productionVariantAutoscaling } from '../../compliance/rules/production-variant-autoscaling';

const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;

type Variant = 'instance' | 'serverless';

interface Shape {
  /** the variants of the config, by name @default one instance variant AllTraffic */
  readonly variants?: Record<string, Variant>;
  /** the endpoint config's props besides its variants */
  readonly config?: Record<string, unknown>;
  /** the endpoint's DeploymentConfig */
  readonly deployment?: unknown;
  /** the model's VpcConfig and network isolation */
  readonly vpc?: unknown;
  readonly isolation?: unknown;
  /** the stack's environment tag @default production */
  readonly environment?: string;
  /** a literal endpoint name */
  readonly endpointName?: string;
}

/** a stack with one model, one endpoint config serving it, and one endpoint using the config. */
function endpointStack(shape: Shape = {}) {
  const stack = new Stack(new App(), 'Fixture', { tags: { 'mlpipe:environment': shape.environment ?? 'production' } });
  const model = new CfnModel(stack, 'Model', {
    executionRoleArn: 'arn:aws:iam::111111111111:role/model',
    primaryContainer: { image: 'image:1' },
    vpcConfig: (shape.vpc ?? { subnets: ['subnet-1'], securityGroupIds: ['sg-1'] }) as CfnModel.VpcConfigProperty,
    enableNetworkIsolation: (shape.isolation ?? true) as boolean,
  });
  const variants = Object.entries(shape.variants ?? { AllTraffic: 'instance' }).map(([variantName, kind]) =>
    kind === 'serverless'
      ? { variantName, modelName: model.attrModelName, serverlessConfig: { maxConcurrency: 5, memorySizeInMb: 2048 } }
      : { variantName, modelName: model.attrModelName, instanceType: 'ml.m5.large', initialInstanceCount: 2 },
  );
  const config = new CfnEndpointConfig(stack, 'Config', { kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k', productionVariants: variants, ...shape.config });
  const endpoint = new CfnEndpoint(stack, 'Endpoint', {
    endpointConfigName: config.attrEndpointConfigName,
    endpointName: shape.endpointName,
    deploymentConfig: shape.deployment as CfnEndpoint.DeploymentConfigProperty,
  });
  return { stack, model, config, endpoint };
}

const blueGreen = (alarms: unknown) => ({
  blueGreenUpdatePolicy: { trafficRoutingConfiguration: { type: 'ALL_AT_ONCE' } },
  ...(alarms === undefined ? {} : { autoRollbackConfiguration: { alarms } }),
});

describe('SageMaker-EndpointBlueGreenRollback: each part', () => {
  test('passes with blue/green and one alarm, and applies to a mix of serverless and instance variants', () => {
    expect(endpointBlueGreenRollback(endpointStack({ deployment: blueGreen([{ alarmName: 'a' }]) }).endpoint)).toBe(COMPLIANT);
    expect(endpointBlueGreenRollback(endpointStack({ variants: { A: 'serverless', B: 'instance' } }).endpoint)).toBe(NON_COMPLIANT);
  });

  test('fails with an empty alarm list, or with alarms but no blue/green routing', () => {
    expect(endpointBlueGreenRollback(endpointStack({ deployment: blueGreen([]) }).endpoint)).toBe(NON_COMPLIANT);
    expect(endpointBlueGreenRollback(endpointStack({ deployment: { autoRollbackConfiguration: { alarms: [{ alarmName: 'a' }] } } }).endpoint)).toBe(NON_COMPLIANT);
    expect(endpointBlueGreenRollback(endpointStack({ deployment: blueGreen(undefined) }).endpoint)).toBe(NON_COMPLIANT);
  });

  test('does not apply to an endpoint whose variants are all serverless, nor to other resources', () => {
    const stack = endpointStack({ variants: { A: 'serverless', B: 'serverless' } });
    expect(endpointBlueGreenRollback(stack.endpoint)).toBe(NOT_APPLICABLE);
    expect(endpointBlueGreenRollback(stack.config)).toBe(NOT_APPLICABLE);
  });
});

describe('SageMaker-DataCaptureEncrypted: each part', () => {
  const capture = (props: Record<string, unknown>) => ({ dataCaptureConfig: { captureOptions: [{ captureMode: 'Input' }], destinationS3Uri: 's3://c', initialSamplingPercentage: 5, ...props } });

  test('passes with a key, also when capture is said to be on', () => {
    expect(dataCaptureEncrypted(endpointStack({ config: capture({ kmsKeyId: 'k', enableCapture: true }) }).config)).toBe(COMPLIANT);
  });

  test('fails with an empty key, or none, when capture is on or not said', () => {
    expect(dataCaptureEncrypted(endpointStack({ config: capture({ kmsKeyId: '' }) }).config)).toBe(NON_COMPLIANT);
    expect(dataCaptureEncrypted(endpointStack({ config: capture({ enableCapture: true }) }).config)).toBe(NON_COMPLIANT);
  });

  test('does not apply when capture is off or absent, nor to other resources', () => {
    expect(dataCaptureEncrypted(endpointStack({ config: capture({ enableCapture: false }) }).config)).toBe(NOT_APPLICABLE);
    const stack = endpointStack();
    expect(dataCaptureEncrypted(stack.config)).toBe(NOT_APPLICABLE);
    expect(dataCaptureEncrypted(stack.endpoint)).toBe(NOT_APPLICABLE);
  });
});

describe('SageMaker-EndpointConfigCustomerKey: the key forms', () => {
  test('passes with a customer key id or alias, fails with an AWS managed alias', () => {
    expect(endpointConfigCustomerKey(endpointStack({ config: { kmsKeyId: 'alias/team' } }).config)).toBe(COMPLIANT);
    expect(endpointConfigCustomerKey(endpointStack({ config: { kmsKeyId: 'alias/aws/sagemaker' } }).config)).toBe(NON_COMPLIANT);
    expect(endpointConfigCustomerKey(endpointStack({ config: { kmsKeyId: 'arn:aws:kms:eu-west-1:1:alias/aws/sagemaker' } }).config)).toBe(NON_COMPLIANT);
  });
});

describe('SageMaker-ModelVpcIsolation: each part', () => {
  test('passes in a VPC with isolation, also when served by an instance and a serverless variant', () => {
    expect(modelVpcIsolation(endpointStack().model)).toBe(COMPLIANT);
    expect(modelVpcIsolation(endpointStack({ variants: { A: 'serverless', B: 'instance' } }).model)).toBe(COMPLIANT);
  });

  test.each([
    ['has no subnets', { subnets: [], securityGroupIds: ['sg-1'] }, true],
    ['has no security groups', { subnets: ['subnet-1'], securityGroupIds: [] }, true],
    ['has no VpcConfig', undefined, true],
    ['has isolation given as a string', { subnets: ['subnet-1'], securityGroupIds: ['sg-1'] }, 'true'],
    ['has isolation off', { subnets: ['subnet-1'], securityGroupIds: ['sg-1'] }, false],
  ])('fails when the model %s', (_what, vpc, isolation) => {
    const shape = vpc === undefined ? { vpc: {}, isolation } : { vpc, isolation };
    expect(modelVpcIsolation(endpointStack(shape).model)).toBe(NON_COMPLIANT);
  });

  test('applies to a model no endpoint config serves, and not to a model only serverless variants serve', () => {
    const stack = endpointStack({ variants: { A: 'serverless' } });
    expect(modelVpcIsolation(stack.model)).toBe(NOT_APPLICABLE);
    const lone = new CfnModel(stack.stack, 'Lone', { executionRoleArn: 'arn:aws:iam::1:role/m', primaryContainer: { image: 'i' } });
    expect(modelVpcIsolation(lone)).toBe(NON_COMPLIANT);
    expect(modelVpcIsolation(stack.endpoint)).toBe(NOT_APPLICABLE);
  });
});

/** a scalable target on a variant of the endpoint of `stack`, driven by a policy unless told otherwise. */
function scale(
  s: ReturnType<typeof endpointStack> & { readonly endpointName: string },
  variant: string,
  props: { min?: number; max?: number; namespace?: string; dimension?: string; driven?: 'policy-target' | 'policy-resource' | 'schedule' | 'none'; resourceId?: string } = {},
): void {
  const name = s.endpointName;
  const target = new CfnScalableTarget(s.stack, `Target${variant}`, {
    serviceNamespace: props.namespace ?? 'sagemaker',
    scalableDimension: props.dimension ?? 'sagemaker:variant:DesiredInstanceCount',
    resourceId: props.resourceId ?? `endpoint/${name}/variant/${variant}`,
    minCapacity: props.min ?? 1,
    maxCapacity: props.max ?? 4,
    scheduledActions: props.driven === 'schedule' ? [{ scheduledActionName: 'n', schedule: 'rate(1 day)', scalableTargetAction: { minCapacity: 1 } }] : undefined,
  });
  const driven = props.driven ?? 'policy-target';
  if (driven === 'policy-target' || driven === 'policy-resource') {
    new CfnScalingPolicy(s.stack, `Policy${variant}`, {
      policyName: `p-${variant}`,
      policyType: 'TargetTrackingScaling',
      ...(driven === 'policy-target'
        ? { scalingTargetId: target.ref }
        : { resourceId: `endpoint/${name}/variant/${variant}`, scalableDimension: 'sagemaker:variant:DesiredInstanceCount', serviceNamespace: 'sagemaker' }),
      targetTrackingScalingPolicyConfiguration: { targetValue: 70, predefinedMetricSpecification: { predefinedMetricType: 'SageMakerVariantInvocationsPerInstance' } },
    });
  }
}

describe('SageMaker-ProductionVariantAutoscaling: each variant and target', () => {
  const named = (shape: Shape = {}) => Object.assign(endpointStack({ endpointName: 'ep', ...shape }), { endpointName: 'ep' });

  test('names each instance variant without autoscaling, and skips serverless ones', () => {
    const s = named({ variants: { A: 'instance', B: 'instance', C: 'serverless', D: 'instance' } });
    scale(s, 'B');
    expect(productionVariantAutoscaling(s.endpoint)).toEqual(['Variant::A', 'Variant::D']);
  });

  test('passes (no finding) when every instance variant scales, by a policy on the target or on its resource id, or a schedule', () => {
    const s = named({ variants: { A: 'instance', B: 'instance', C: 'instance' } });
    scale(s, 'A', { driven: 'policy-target' });
    scale(s, 'B', { driven: 'policy-resource' });
    scale(s, 'C', { driven: 'schedule' });
    expect(productionVariantAutoscaling(s.endpoint)).toEqual([]);
  });

  test.each([
    ['the target has the same minimum and maximum', { min: 2, max: 2 }],
    ['the target\'s maximum is below its minimum', { min: 3, max: 2 }],
    ['the target scales another namespace', { namespace: 'ecs' }],
    ['the target scales another dimension', { dimension: 'sagemaker:variant:DesiredProvisionedConcurrency' }],
    ['the target scales another variant', { resourceId: 'endpoint/ep/variant/Other' }],
    ['nothing drives the target', { driven: 'none' as const }],
  ])('fails when %s', (_what, props) => {
    const s = named();
    scale(s, 'AllTraffic', props);
    expect(productionVariantAutoscaling(s.endpoint)).toEqual(['Variant::AllTraffic']);
  });

  test('passes with a maximum one above the minimum', () => {
    const s = named();
    scale(s, 'AllTraffic', { min: 2, max: 3 });
    expect(productionVariantAutoscaling(s.endpoint)).toEqual([]);
  });

  test('passes when both capacities are deploy-time parameters, which synth cannot compare', () => {
    const s = named();
    const min = new CfnParameter(s.stack, 'MinCapacity', { type: 'Number' });
    const max = new CfnParameter(s.stack, 'MaxCapacity', { type: 'Number' });
    scale(s, 'AllTraffic', { min: min.valueAsNumber, max: max.valueAsNumber });
    expect(productionVariantAutoscaling(s.endpoint)).toEqual([]);
  });

  test('ignores a policy that drives another target', () => {
    const s = named();
    scale(s, 'AllTraffic', { driven: 'none' });
    scale(s, 'Other', { driven: 'policy-target' });
    expect(productionVariantAutoscaling(s.endpoint)).toEqual(['Variant::AllTraffic']);
  });

  test('does not apply outside production, to a serverless-only endpoint, or to other resources', () => {
    expect(productionVariantAutoscaling(named({ environment: 'staging' }).endpoint)).toBe(NOT_APPLICABLE);
    expect(productionVariantAutoscaling(named({ variants: { A: 'serverless' } }).endpoint)).toBe(NOT_APPLICABLE);
    expect(productionVariantAutoscaling(named().config)).toBe(NOT_APPLICABLE);
  });

  test('reads the resource\'s own environment tag before its stack\'s', () => {
    const s = named();
    s.endpoint.tags.setTag('mlpipe:environment', 'staging');
    expect(productionVariantAutoscaling(s.endpoint)).toBe(NOT_APPLICABLE);
  });

  test('fails when the endpoint names a config that is not in its stack, naming both', () => {
    const stack = new Stack(new App(), 'Fixture', { tags: { 'mlpipe:environment': 'production' } });
    const endpoint = new CfnEndpoint(stack, 'Endpoint', { endpointConfigName: 'config-elsewhere' });
    expect(() => productionVariantAutoscaling(endpoint)).toThrow("cannot find endpoint config config-elsewhere of Fixture/Endpoint in its stack; define the config in the endpoint's stack");
  });
});
