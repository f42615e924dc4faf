import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import type { CfnResource } from 'aws-cdk-lib';
import { CfnDomain } from 'aws-cdk-lib/aws-sagemaker';
import { resolveIn } from '../internal/cfn-values';
import type { SageMakerRule } from './sagemaker-rule';

/** a Studio domain encrypts its storage (the home EFS and the spaces' volumes) with a customer managed key. */
export function studioDomainCustomerKey(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnDomain)) return NagRuleCompliance.NOT_APPLICABLE;
  const key = resolveIn(node, node.kmsKeyId);
  if (key === undefined || key === '') return NagRuleCompliance.NON_COMPLIANT;
  return typeof key === 'string' && /(^|:)alias\/aws\//.test(key) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

export const STUDIO_DOMAIN_CUSTOMER_KEY: SageMakerRule = {
  suffix: 'StudioDomainCustomerKey',
  info: 'The SageMaker Studio domain does not encrypt its storage with a customer managed KMS key (KmsKeyId missing or an alias/aws/ key).',
  explanation:
    'Without KmsKeyId, SageMaker encrypts the domain\'s home file system with an AWS managed key whose policy you cannot restrict; the users\' notebooks and copies of training data live there, so the key policy should decide who can read them.',
  level: NagMessageLevel.ERROR,
  rule: studioDomainCustomerKey,
};
