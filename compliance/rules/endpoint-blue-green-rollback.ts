import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import type { CfnResource } from 'aws-cdk-lib';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import { prop, resolveIn } from '../internal/cfn-values';
import { configOfEndpoint, variantsOf } from '../internal/sagemaker-topology';
import type { SageMakerRule } from './sagemaker-rule';

/**
 * an instance endpoint updates blue/green (`DeploymentConfig.BlueGreenUpdatePolicy`) with
 * auto-rollback alarms (`AutoRollbackConfiguration.Alarms`, at least one). Not applicable when every
 * variant of its config (found in the same stack) is serverless; an endpoint whose config is not in
 * the stack is treated as an instance endpoint.
 */
export function endpointBlueGreenRollback(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnEndpoint)) return NagRuleCompliance.NOT_APPLICABLE;
  const config = configOfEndpoint(node);
  const variants = config ? variantsOf(config) : [];
  if (variants.length > 0 && variants.every((v) => v.serverless)) return NagRuleCompliance.NOT_APPLICABLE;
  const deployment = resolveIn(node, node.deploymentConfig);
  const blueGreen = prop(prop(deployment, 'blueGreenUpdatePolicy'), 'trafficRoutingConfiguration');
  const alarms = prop(prop(deployment, 'autoRollbackConfiguration'), 'alarms');
  const hasAlarms = Array.isArray(alarms) ? alarms.length > 0 : alarms !== undefined;
  return blueGreen !== undefined && hasAlarms ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const ENDPOINT_BLUE_GREEN_ROLLBACK: SageMakerRule = {
  suffix: 'EndpointBlueGreenRollback',
  info: 'The SageMaker instance endpoint has no blue/green DeploymentConfig with auto-rollback alarms.',
  explanation:
    'With a blue/green update policy and CloudWatch alarms in AutoRollbackConfiguration, SageMaker shifts traffic to the new fleet in steps and rolls all traffic back when an alarm fires during baking; without alarms auto-rollback does nothing.',
  level: NagMessageLevel.ERROR,
  rule: endpointBlueGreenRollback,
};
