import type { ConfigProblem } from './config-error';
import { formatPath, valueAt } from './deep-merge';
import type { EndpointConfig } from './endpoint-schema';
import { featureNamesOf } from './explainability-check';
import { analyzerRegionProblem } from './model-monitor-image';
import type { ModelConfig } from './model-catalogue-schema';

/** the stage a monitored endpoint belongs to: where it is in the file and where it deploys. */
export interface MonitoredStage {
  readonly index: number;
  readonly name: string;
  readonly regions: readonly string[];
}

/**
 * checks a monitored endpoint against the model it serves and the stage's regions: the drift alarm
 * watches one Model Monitor metric per feature, so the model must declare its features
 * (feature_names), and every region needs the analyzer image.
 */
export function monitoringProblems(endpoint: EndpointConfig, model: ModelConfig, stage: MonitoredStage, document: unknown): ConfigProblem[] {
  if (!endpoint.monitoring.enabled || endpoint.kind !== 'instance') return [];
  const stagePath: PropertyKey[] = ['stages', stage.index, 'endpoint', 'monitoring', 'enabled'];
  const path = valueAt(document, stagePath) !== undefined ? formatPath(stagePath) : `${formatPath(['defaults', 'endpoint', 'monitoring', 'enabled'])} (inherited by stage "${stage.name}")`;
  const problems: ConfigProblem[] = [];
  if (featureNamesOf(model) === undefined) {
    problems.push({
      path,
      value: true,
      message: `needs the features of model "${model.name}": the drift alarm watches one Model Monitor metric per feature; set its training.hyperparameters.feature_names (comma-separated, in the order of the training data's columns after the label)`,
    });
  }
  for (const region of stage.regions) {
    const problem = analyzerRegionProblem(region);
    if (problem !== undefined) problems.push({ path, value: true, message: `cannot be true in region ${region}: it ${problem}` });
  }
  return problems;
}
