import type { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import type { RolloutConfig } from '../../config/endpoint-rollout-schema';

const TRAFFIC_TYPE = { allAtOnce: 'ALL_AT_ONCE', canary: 'CANARY', linear: 'LINEAR' } as const;

/**
 * the endpoint's deployment guardrails: blue/green (all at once, canary or linear traffic shifting,
 * with a bake after each step and a final bake) or rolling batches, rolled back automatically when
 * one of `rollbackAlarmNames` fires during a bake.
 */
export function deploymentConfig(rollout: RolloutConfig, rollbackAlarmNames: readonly string[]): CfnEndpoint.DeploymentConfigProperty {
  const autoRollbackConfiguration = { alarms: rollbackAlarmNames.map((alarmName) => ({ alarmName })) };
  if (rollout.strategy === 'rolling') {
    return {
      rollingUpdatePolicy: {
        maximumBatchSize: { type: 'CAPACITY_PERCENT', value: rollout.rollingBatchPercent },
        waitIntervalInSeconds: rollout.bakeSeconds,
        maximumExecutionTimeoutInSeconds: rollout.maxExecutionSeconds,
      },
      autoRollbackConfiguration,
    };
  }
  return {
    blueGreenUpdatePolicy: {
      trafficRoutingConfiguration: {
        type: TRAFFIC_TYPE[rollout.strategy],
        waitIntervalInSeconds: rollout.bakeSeconds,
        canarySize: rollout.strategy === 'canary' ? { type: 'CAPACITY_PERCENT', value: rollout.canaryPercent } : undefined,
        linearStepSize: rollout.strategy === 'linear' ? { type: 'CAPACITY_PERCENT', value: rollout.linearStepPercent } : undefined,
      },
      terminationWaitInSeconds: rollout.finalBakeSeconds,
      maximumExecutionTimeoutInSeconds: rollout.maxExecutionSeconds,
    },
    autoRollbackConfiguration,
  };
}
