import { App, Stage, Tags } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { productionVariantAutoscaling } from '../../compliance/rules/production-variant-autoscaling';
import { SageMakerFixtureStack, sagemakerFixture } from './fixtures/sagemaker-fixture';

describe('SageMaker-ProductionVariantAutoscaling', () => {
  test('passes when a target tracking policy drives a target named with Fn::Join over the endpoint name', () => {
    expect(productionVariantAutoscaling(sagemakerFixture().endpoint)).toEqual([]);
  });

  test('passes when the endpoint and the target use the same literal name', () => {
    expect(productionVariantAutoscaling(sagemakerFixture({ resourceIdForm: 'literal' }).endpoint)).toEqual([]);
  });

  test('passes when a schedule drives the target', () => {
    expect(productionVariantAutoscaling(sagemakerFixture({ scaling: 'schedule' }).endpoint)).toEqual([]);
  });

  test('fails when a production instance variant has no scalable target', () => {
    expect(productionVariantAutoscaling(sagemakerFixture({ scaling: 'none' }).endpoint)).toEqual(['Variant::AllTraffic']);
  });

  test('fails when the scalable target has no policy or schedule', () => {
    expect(productionVariantAutoscaling(sagemakerFixture({ scaling: 'target-only' }).endpoint)).toEqual(['Variant::AllTraffic']);
  });

  test('fails when MaxCapacity does not exceed MinCapacity', () => {
    expect(productionVariantAutoscaling(sagemakerFixture({ scaling: 'fixed-capacity' }).endpoint)).toEqual(['Variant::AllTraffic']);
  });

  test('fails when the endpoint config is not in the stack', () => {
    const stack = sagemakerFixture({ externalConfig: true });
    expect(() => productionVariantAutoscaling(stack.endpoint)).toThrow(
      /cannot find endpoint config config-defined-elsewhere of Fixture\/Endpoint in its stack/,
    );
  });

  test('does not apply outside production', () => {
    expect(productionVariantAutoscaling(sagemakerFixture({ environment: 'staging', scaling: 'none' }).endpoint)).toBe(
      NagRuleCompliance.NOT_APPLICABLE,
    );
  });

  test('does not apply to a serverless endpoint', () => {
    expect(productionVariantAutoscaling(sagemakerFixture({ serverless: true, scaling: 'none' }).endpoint)).toBe(
      NagRuleCompliance.NOT_APPLICABLE,
    );
  });

  test('fails when the production tag comes from Tags.of(stage) (resource tags) and scaling is missing', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const stack = new SageMakerFixtureStack(stage, 'Fixture', { environment: 'staging', scaling: 'none' });
    Tags.of(stage).add('mlpipe:environment', 'production');
    app.synth();
    expect(productionVariantAutoscaling(stack.endpoint)).toEqual(['Variant::AllTraffic']);
  });
});
