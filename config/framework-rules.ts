import type { StageConfig } from './app-config';
import type { ConfigProblem } from './config-error';
import { formatPath, valueAt } from './deep-merge';
import { FRAMEWORK_TITLES, frameworkImage, processorFor } from './framework-images';
import type { ImageScope } from './framework-images';
import type { FrameworkConfig } from './framework-schema';
import { isScriptMode } from './framework-schema';
import type { ModelConfig } from './model-catalogue-schema';

const isMapping = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * the document with one default adjusted: a `training:` block that names a framework and writes
 * no hyperparameters starts from none, not from the sample container's (epochs, feature_names, ...),
 * which a framework image would reject.
 */
export function withFrameworkDefaults(document: unknown): unknown {
  if (!isMapping(document) || !isMapping(document.training)) return document;
  const training = document.training;
  if (training.framework === undefined || training.hyperparameters !== undefined) return document;
  return { ...document, training: { ...training, hyperparameters: {} } };
}

/** the image a model is served with: the same key means one image can serve both models. */
export function servingImageKey(framework: FrameworkConfig | undefined): string {
  if (framework === undefined) return 'the sample serving container';
  return `${FRAMEWORK_TITLES[framework.name]} ${framework.version}${framework.pythonVersion ? ` (${framework.pythonVersion})` : ''}`;
}

/** where a model's framework setting is written: its `models:` entry when it has one there, else `training:`. */
function frameworkPath(model: ModelConfig, document: unknown): string {
  const own = ['models', model.name, 'framework'];
  return valueAt(document, own) !== undefined ? formatPath(own) : `${formatPath(['training', 'framework'])}${model.name === 'default' ? '' : ` (inherited by model "${model.name}")`}`;
}

function imageProblem(framework: FrameworkConfig, scope: ImageScope, region: string, instanceType: string | undefined): string | undefined {
  const processor = instanceType === undefined ? 'cpu' : processorFor(instanceType);
  const result = frameworkImage({ name: framework.name, version: framework.version, scope, region, processor, pythonVersion: framework.pythonVersion });
  return result.problem;
}

/** the training image of every framework model must exist in the tooling region, for its instance type. */
function trainingProblems(region: string, models: readonly ModelConfig[], document: unknown): ConfigProblem[] {
  return models.flatMap((model) => {
    const framework = model.training.framework;
    if (framework === undefined) return [];
    const problem = imageProblem(framework, 'training', region, model.training.instanceType);
    return problem ? [{ path: frameworkPath(model, document), value: `${framework.name} ${framework.version}`, message: `cannot train in the tooling region ${region}: ${problem}` }] : [];
  });
}

/** what a stage's endpoint can serve: one image for all its models, available in each of its regions. */
function stageProblems(stage: StageConfig, models: readonly ModelConfig[]): ConfigProblem[] {
  const served = stage.models.map((name) => models.find((m) => m.name === name)).filter((m): m is ModelConfig => m !== undefined);
  const endpoint = stage.endpoint;
  const at = (key: string) => formatPath(['stages', stage.index, 'endpoint', key]);
  const problems: ConfigProblem[] = [];
  if (endpoint.kind === 'multiModel') {
    const images = [...new Set(served.map((m) => servingImageKey(m.training.framework)))];
    if (images.length > 1) {
      const which = served.map((m) => `${m.name}: ${servingImageKey(m.training.framework)}`).join(', ');
      problems.push({ path: at('models'), value: stage.models, message: `mixes models served by different images (${which}); a multi-model endpoint runs one container image for all its models: serve models of one framework and version here, and the others on an endpoint of their own` });
    }
    const script = served.filter((m) => isScriptMode(m.training.framework));
    if (script.length > 0) {
      problems.push({
        path: at('kind'),
        value: endpoint.kind,
        message: `cannot serve ${script.map((m) => `"${m.name}" (${servingImageKey(m.training.framework)})`).join(', ')} on a multi-model endpoint: the scikit-learn and PyTorch inference images run one inference script per container (SAGEMAKER_PROGRAM), not one per model; use kind "instance" or "serverless" for script-mode models, or serve XGBoost or sample models here`,
      });
    }
  }
  const instanceType = endpoint.kind === 'serverless' ? undefined : endpoint.instance.instanceType;
  for (const model of served) {
    const framework = model.training.framework;
    if (framework === undefined) continue;
    for (const region of stage.regions) {
      const problem = imageProblem(framework, 'inference', region, instanceType);
      if (problem) problems.push({ path: formatPath(['stages', stage.index, 'regions']), value: region, message: `cannot serve model "${model.name}" in ${region}: ${problem}` });
    }
  }
  return problems;
}

/**
 * the rules that need the whole config: each framework model's training image in the tooling
 * region, and for each stage the endpoint kinds and regions its models' inference images support.
 */
export function frameworkProblems(toolingRegion: string, models: readonly ModelConfig[], stages: readonly StageConfig[], document: unknown): ConfigProblem[] {
  return [...trainingProblems(toolingRegion, models, document), ...stages.flatMap((stage) => stageProblems(stage, models))];
}
