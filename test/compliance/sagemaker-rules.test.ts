import { NagRuleCompliance } from 'cdk-nag';
import { endpointConfigCustomerKey } from '../../compliance/rules/endpoint-config-customer-key';
import { modelVpcIsolation } from '../../compliance/rules/model-vpc-isolation';
import { endpointBlueGreenRollback } from '../../compliance/rules/endpoint-blue-green-rollback';
import { dataCaptureEncrypted } from '../../compliance/rules/data-capture-encrypted';
import { sagemakerFixture } from './fixtures/sagemaker-fixture';

const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;

describe('SageMaker-EndpointConfigCustomerKey', () => {
  test('passes when the endpoint config uses a customer managed key from the stack', () => {
    expect(endpointConfigCustomerKey(sagemakerFixture().config)).toBe(COMPLIANT);
  });

  test('passes when the key is given as a literal customer key ARN', () => {
    const stack = sagemakerFixture({ configKey: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    expect(endpointConfigCustomerKey(stack.config)).toBe(COMPLIANT);
  });

  test('fails when the endpoint config has no KmsKeyId', () => {
    expect(endpointConfigCustomerKey(sagemakerFixture({ configKey: 'none' }).config)).toBe(NON_COMPLIANT);
  });

  test('fails when the key is the AWS managed alias/aws/sagemaker', () => {
    expect(endpointConfigCustomerKey(sagemakerFixture({ configKey: 'alias/aws/sagemaker' }).config)).toBe(NON_COMPLIANT);
    const arn = 'arn:aws:kms:eu-west-1:111111111111:alias/aws/sagemaker';
    expect(endpointConfigCustomerKey(sagemakerFixture({ configKey: arn }).config)).toBe(NON_COMPLIANT);
  });

  test('does not apply to other resources', () => {
    const stack = sagemakerFixture();
    expect(endpointConfigCustomerKey(stack.model)).toBe(NOT_APPLICABLE);
    expect(endpointConfigCustomerKey(stack.endpoint)).toBe(NOT_APPLICABLE);
  });
});

describe('SageMaker-ModelVpcIsolation', () => {
  test('passes when the model has subnets, security groups and network isolation', () => {
    expect(modelVpcIsolation(sagemakerFixture().model)).toBe(COMPLIANT);
  });

  test('fails when the model has no VpcConfig', () => {
    expect(modelVpcIsolation(sagemakerFixture({ modelInVpc: false }).model)).toBe(NON_COMPLIANT);
  });

  test('fails when network isolation is off', () => {
    expect(modelVpcIsolation(sagemakerFixture({ networkIsolation: false }).model)).toBe(NON_COMPLIANT);
  });

  test('does not apply to a model that only serverless variants serve', () => {
    const stack = sagemakerFixture({ serverless: true, modelInVpc: false, networkIsolation: false });
    expect(modelVpcIsolation(stack.model)).toBe(NOT_APPLICABLE);
  });

  test('does not apply to other resources', () => {
    expect(modelVpcIsolation(sagemakerFixture().config)).toBe(NOT_APPLICABLE);
  });
});

describe('SageMaker-EndpointBlueGreenRollback', () => {
  test('passes when the instance endpoint updates blue/green with rollback alarms', () => {
    expect(endpointBlueGreenRollback(sagemakerFixture().endpoint)).toBe(COMPLIANT);
  });

  test('fails when the instance endpoint has no DeploymentConfig', () => {
    expect(endpointBlueGreenRollback(sagemakerFixture({ deployment: 'none' }).endpoint)).toBe(NON_COMPLIANT);
  });

  test('fails when the blue/green policy has no auto-rollback alarms', () => {
    expect(endpointBlueGreenRollback(sagemakerFixture({ deployment: 'blue-green-without-alarms' }).endpoint)).toBe(NON_COMPLIANT);
  });

  test('fails when the endpoint config is not in the stack (treated as an instance endpoint)', () => {
    expect(endpointBlueGreenRollback(sagemakerFixture({ externalConfig: true, deployment: 'none' }).endpoint)).toBe(NON_COMPLIANT);
  });

  test('does not apply to a serverless endpoint', () => {
    expect(endpointBlueGreenRollback(sagemakerFixture({ serverless: true, deployment: 'none' }).endpoint)).toBe(NOT_APPLICABLE);
  });
});

describe('SageMaker-DataCaptureEncrypted', () => {
  test('passes when data capture has a KMS key', () => {
    expect(dataCaptureEncrypted(sagemakerFixture().config)).toBe(COMPLIANT);
  });

  test('fails when data capture has no KMS key', () => {
    expect(dataCaptureEncrypted(sagemakerFixture({ dataCapture: 'unencrypted' }).config)).toBe(NON_COMPLIANT);
  });

  test('does not apply when the endpoint config captures nothing', () => {
    expect(dataCaptureEncrypted(sagemakerFixture({ dataCapture: 'none' }).config)).toBe(NOT_APPLICABLE);
  });
});
