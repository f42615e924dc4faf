import type { AppConfig, StageConfig } from './app-config';

/** the longest a baseline job may run (its StoppingCondition); the train step's timeout allows for one per model. */
export const BASELINE_MAX_RUNTIME_SECONDS = 3600;

/** the monitored stages (`endpoint.monitoring.enabled` on an instance endpoint) that serve a model. */
export function monitoredStagesOf(config: AppConfig, modelName: string): StageConfig[] {
  return config.stages.filter((s) => s.endpoint.kind === 'instance' && s.endpoint.monitoring.enabled && s.models[0] === modelName);
}

/**
 * whether any stage of the config is monitored: only then does the train step make baselines, and
 * only then do its role and the training role get the baseline job's grants.
 */
export function anyStageMonitored(config: AppConfig): boolean {
  return config.models.some((m) => monitoredStagesOf(config, m.name).length > 0);
}
