import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import type { NagRuleResult } from 'cdk-nag';
import type { CfnResource } from 'aws-cdk-lib';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import { isProduction } from '../environment-tag';
import { renderIntrinsic, resolveIn } from '../internal/cfn-values';
import { configOfEndpoint, hasAutoscaling, variantsOf } from '../internal/sagemaker-topology';
import type { SageMakerRule } from './sagemaker-rule';

/**
 * every instance variant of a production endpoint (tagged `mlpipe:environment=production`) has an
 * Application Auto Scaling target on `sagemaker:variant:DesiredInstanceCount` (MaxCapacity above
 * MinCapacity) driven by a scaling policy or a schedule. One finding per variant without it,
 * `Variant::<name>`. Throws, and so reports a finding, when the endpoint's config is not in the stack.
 */
export function productionVariantAutoscaling(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnEndpoint) || !isProduction(node)) return NagRuleCompliance.NOT_APPLICABLE;
  const config = configOfEndpoint(node);
  if (!config) {
    const name = renderIntrinsic(resolveIn(node, node.endpointConfigName));
    throw new Error(`cannot find endpoint config ${name} of ${node.node.path} in its stack; define the config in the endpoint's stack`);
  }
  const instanceVariants = variantsOf(config).filter((v) => !v.serverless);
  if (instanceVariants.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return instanceVariants.filter((v) => !hasAutoscaling(node, v.name)).map((v) => `Variant::${v.name}`);
}

export const PRODUCTION_VARIANT_AUTOSCALING: SageMakerRule = {
  suffix: 'ProductionVariantAutoscaling',
  info: 'An instance variant of this production SageMaker endpoint has no autoscaling (a scalable target on DesiredInstanceCount with a policy or schedule).',
  explanation:
    'A production variant with a fixed instance count either overpays at night or drops requests at peak; Application Auto Scaling keeps capacity between the configured minimum and maximum.',
  level: NagMessageLevel.ERROR,
  rule: productionVariantAutoscaling,
};
