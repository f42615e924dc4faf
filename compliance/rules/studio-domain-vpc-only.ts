import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import type { CfnResource } from 'aws-cdk-lib';
import { CfnDomain } from 'aws-cdk-lib/aws-sagemaker';
import { resolveIn } from '../internal/cfn-values';
import type { SageMakerRule } from './sagemaker-rule';

/** a Studio domain sends all its apps' traffic through the customer's VPC (`AppNetworkAccessType: VpcOnly`). */
export function studioDomainVpcOnly(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnDomain)) return NagRuleCompliance.NOT_APPLICABLE;
  return resolveIn(node, node.appNetworkAccessType) === 'VpcOnly' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const STUDIO_DOMAIN_VPC_ONLY: SageMakerRule = {
  suffix: 'StudioDomainVpcOnly',
  info: 'The SageMaker Studio domain does not set AppNetworkAccessType to VpcOnly (the default, PublicInternetOnly, gives every app direct internet access).',
  explanation:
    'With PublicInternetOnly, Studio apps reach the internet through a VPC SageMaker manages, outside your security groups, flow logs and endpoint policies, so data can leave without passing any control you own; AWS Config\'s SAGEMAKER_DOMAIN_IN_VPC rule flags the same.',
  level: NagMessageLevel.ERROR,
  rule: studioDomainVpcOnly,
};
