import { NagMessageLevel, NagRuleCompliance, rules } from 'cdk-nag';
import type { CfnResource } from 'aws-cdk-lib';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { resolveIn } from '../internal/cfn-values';
import type { SageMakerRule } from './sagemaker-rule';

/** true for an AWS managed key given by alias (`alias/aws/...`), literally or inside an alias ARN. */
function isAwsManagedAlias(keyId: unknown): boolean {
  return typeof keyId === 'string' && /(^|:)alias\/aws\//.test(keyId);
}

/**
 * an endpoint config names a KMS key, and that key is not an AWS managed one. Reuses cdk-nag's
 * `SageMakerEndpointConfigurationKMSKeyConfigured` for the presence check.
 */
export function endpointConfigCustomerKey(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnEndpointConfig)) return NagRuleCompliance.NOT_APPLICABLE;
  const configured = rules.sagemaker.SageMakerEndpointConfigurationKMSKeyConfigured(node);
  if (configured !== NagRuleCompliance.COMPLIANT) return NagRuleCompliance.NON_COMPLIANT;
  return isAwsManagedAlias(resolveIn(node, node.kmsKeyId)) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

export const ENDPOINT_CONFIG_CUSTOMER_KEY: SageMakerRule = {
  suffix: 'EndpointConfigCustomerKey',
  info: 'The SageMaker endpoint config is not encrypted with a customer managed KMS key (KmsKeyId missing or an alias/aws/ key).',
  explanation:
    'A customer managed key lets the key policy decide who can read the storage attached to the endpoint instances, and its use is logged in CloudTrail; an AWS managed key cannot be restricted or rotated on your schedule.',
  level: NagMessageLevel.ERROR,
  rule: endpointConfigCustomerKey,
};
