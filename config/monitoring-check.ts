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
  /**
   * the account it deploys to, and the tooling account and region: the model store there creates
   * the log group of baseline jobs, which a monitored endpoint stack in the same place would create again
   * @default - not checked
   */
  readonly account?: string;
  readonly tooling?: { readonly account: string; readonly region: string };
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
  if (stage.tooling && stage.account === stage.tooling.account && stage.regions.includes(stage.tooling.region)) {
    problems.push({
      path,
      value: true,
      message: `cannot be true for a stage in the tooling account ${stage.tooling.account} and region ${stage.tooling.region}: the model store there creates the log group /aws/sagemaker/ProcessingJobs of the baseline jobs, and the monitored endpoint stack would create it again; deploy the stage to another account or region`,
    });
  }
  if (model.training.channels.train === undefined) {
    problems.push({ path, value: true, message: `needs a "train" channel in model "${model.name}": the data-quality baseline is computed from the data the model trained on; name that channel "train"` });
  }
  return problems;
}
