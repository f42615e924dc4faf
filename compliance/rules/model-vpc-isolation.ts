import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import type { CfnResource } from 'aws-cdk-lib';
import { CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { prop, resolveIn } from '../internal/cfn-values';
import { variantsServingModel } from '../internal/sagemaker-topology';
import type { SageMakerRule } from './sagemaker-rule';

function nonEmptyList(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined;
}

/**
 * a model runs in a VPC (subnets and security groups) with network isolation. Not applicable to a
 * model that only serverless variants serve: serverless inference supports neither.
 */
export function modelVpcIsolation(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnModel)) return NagRuleCompliance.NOT_APPLICABLE;
  const servedBy = variantsServingModel(node);
  if (servedBy.length > 0 && servedBy.every((v) => v.serverless)) return NagRuleCompliance.NOT_APPLICABLE;
  const vpc = resolveIn(node, node.vpcConfig);
  const inVpc = nonEmptyList(prop(vpc, 'subnets')) && nonEmptyList(prop(vpc, 'securityGroupIds'));
  const isolated = resolveIn(node, node.enableNetworkIsolation) === true;
  return inVpc && isolated ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const MODEL_VPC_ISOLATION: SageMakerRule = {
  suffix: 'ModelVpcIsolation',
  info: 'The SageMaker model is not in a VPC with network isolation (VpcConfig with subnets and security groups, EnableNetworkIsolation: true).',
  explanation:
    'Inside a VPC the model reaches S3 and ECR only through the endpoints the network allows; network isolation also stops the inference container from making any outbound call, so a compromised model cannot exfiltrate requests.',
  level: NagMessageLevel.ERROR,
  rule: modelVpcIsolation,
};
