import * as path from 'node:path';
import type { AppConfig } from './app-config';
import type { ConfigProblem } from './config-error';
import { formatPath, valueAt } from './deep-merge';
import { isScriptMode } from './framework-schema';
import type { ModelConfig } from './model-catalogue-schema';
import { bundleSource, SourceBundleError } from './source-bundle';

/** where a training setting of a model is written: its `models:` entry when it sets it, else `training:`. */
function settingPath(model: ModelConfig, document: unknown, key: readonly string[]): string {
  const own = ['models', model.name, ...key];
  if (valueAt(document, own) !== undefined) return formatPath(own);
  return `${formatPath(['training', ...key])}${model.name === 'default' ? '' : ` (inherited by model "${model.name}")`}`;
}

/** the config's models with their sources, or the problems of the models that cannot train. */
export interface LoadedSources {
  readonly config: AppConfig;
  readonly problems: readonly ConfigProblem[];
}

/**
 * what a config file's models need from disk and from the file as a whole, checked once the file
 * is valid: each script-mode model's `framework.sourceDir` (relative to the config file's folder)
 * packed and hashed, with its entry point and, when a stage serves the model, its inference
 * script; and the sample container kept to one instance, since it trains each host on its own.
 */
export function loadModelSources(config: AppConfig, baseDir: string, document: unknown): LoadedSources {
  const problems: ConfigProblem[] = [];
  const served = new Set(config.stages.flatMap((stage) => stage.models));
  const models = config.models.map((model): ModelConfig => {
    const { training } = model;
    const framework = training.framework;
    if (framework === undefined && training.instanceCount > 1) {
      problems.push({
        path: settingPath(model, document, ['instanceCount']),
        value: training.instanceCount,
        message: 'must be 1 for the sample container: it trains every instance on its own and keeps only the first host\'s model, so more instances cost more without training one model; set instanceCount: 1, or train across instances with framework: { name: xgboost } or { name: pytorch, distribution: torchDistributed } (docs/frameworks.md)',
      });
    }
    if (framework === undefined || !isScriptMode(framework) || framework.sourceDir === undefined) return model;
    const dir = path.resolve(baseDir, framework.sourceDir);
    const where = settingPath(model, document, ['framework', 'sourceDir']);
    let source;
    try {
      source = bundleSource(dir);
    } catch (err) {
      if (!(err instanceof SourceBundleError)) throw err;
      problems.push({ path: where, value: framework.sourceDir, message: `cannot be packed: ${err.message}` });
      return model;
    }
    const scripts: [string, string][] = [['entryPoint', framework.entryPoint]];
    if (served.has(model.name)) scripts.push(['inferenceEntryPoint', framework.inferenceEntryPoint]);
    for (const [key, script] of scripts) {
      if (!source.files.includes(script)) {
        problems.push({ path: settingPath(model, document, ['framework', key]), value: script, message: `is not a file in ${dir} (it holds ${source.files.slice(0, 8).join(', ')}${source.files.length > 8 ? ', ...' : ''}); add it or name one of those` });
      }
    }
    return { ...model, code: source };
  });
  return { config: { ...config, models }, problems };
}
