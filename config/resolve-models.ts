import type { z } from 'zod';
import type { ConfigProblem } from './config-error';
import { deepMerge, formatPath, valueAt } from './deep-merge';
import { configErrorMap } from './error-map';
import type { ModelConfig, TrainingDefaults } from './model-catalogue-schema';
import { DEFAULT_MODEL_NAME, modelName } from './model-catalogue-schema';
import { effectiveMaxWaitSeconds, MAX_STEP_WAIT_SECONDS, trainingSchema } from './training-schema';

/** the keys of `training:` that belong to the Train step or are shared, which no model may override. */
const SHARED_KEYS = {
  network: 'the training network is shared by every model (one VPC for all training jobs); set it in training.network',
  maxConcurrentJobs: 'is a setting of the Train step, not of one model; set it in training.maxConcurrentJobs',
} as const;

/**
 * a merged model's problem points at the model's override when the bad value came from it, and
 * at `training.<key>` otherwise, naming the model that inherited it.
 */
function modelProblems(issues: readonly z.core.$ZodIssue[], document: unknown, merged: unknown, name: string): ConfigProblem[] {
  return issues.map((issue) => {
    // an unknown key is reported on its mapping; point at the key itself when there is one
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const at = keys.length === 1 ? [...issue.path, keys[0]] : issue.path;
    const own: PropertyKey[] = ['models', name, ...at];
    // a value missing from both the model and training: is the model's to add
    const missing = valueAt(merged, at) === undefined && valueAt(document, ['training', ...at]) === undefined;
    const fromModel = valueAt(document, own) !== undefined || issue.path.length === 0 || missing;
    const path = fromModel ? formatPath(own) : `${formatPath(['training', ...at])} (inherited by model "${name}")`;
    return { path, value: valueAt(merged, at), message: issue.message };
  });
}

/**
 * what a model's overrides merge into: `training:`, except that a model that brings its own
 * framework does not inherit the sample container's default hyperparameters (epochs,
 * feature_names, ...), which a framework image would reject; hyperparameters written in
 * `training:` are still inherited.
 */
function frameworkBase(shared: Omit<TrainingDefaults, 'maxConcurrentJobs'>, overrides: Readonly<Record<string, unknown>>, document: unknown): unknown {
  const ownFramework = overrides.framework !== undefined && shared.framework === undefined;
  const written = valueAt(document, ['training', 'hyperparameters']) !== undefined;
  return ownFramework && !written ? { ...shared, hyperparameters: {} } : shared;
}

/** the result of resolving the catalogue: the models in file order, or every problem found. */
export interface ResolvedModels {
  readonly models: readonly ModelConfig[];
  readonly problems: readonly ConfigProblem[];
}

/**
 * the model catalogue: each entry of `models:` merged into `training:` (mappings merge, lists and
 * scalars replace) and validated as one model's training settings. Without `models:` the
 * `training:` block is the one model, named `default`, with exactly its settings (so its training
 * identity, and the key of a model trained before catalogues existed, do not change).
 */
export function resolveModels(training: TrainingDefaults, catalogue: Readonly<Record<string, Record<string, unknown>>> | undefined, document: unknown): ResolvedModels {
  const { maxConcurrentJobs: _step, ...shared } = training;
  if (catalogue === undefined) return { models: [{ name: DEFAULT_MODEL_NAME, training: shared }], problems: [] };
  const models: ModelConfig[] = [];
  const problems: ConfigProblem[] = [];
  for (const [name, overrides] of Object.entries(catalogue)) {
    const badName = modelName.safeParse(name);
    if (!badName.success) {
      problems.push({ path: formatPath(['models', name]), value: name, message: `is not a usable model name: it ${badName.error.issues[0].message}` });
      continue;
    }
    const shadowed = Object.entries(SHARED_KEYS).filter(([key]) => key in overrides);
    for (const [key, message] of shadowed) problems.push({ path: formatPath(['models', name, key]), value: overrides[key], message: `cannot be set per model: ${message}` });
    if (shadowed.length > 0) continue;
    // merged into the validated defaults, so a model inherits the schema's defaults too (its
    // hyperparameters add to the default hyperparameters rather than replace them)
    const merged = deepMerge(frameworkBase(shared, overrides, document), overrides);
    const parsed = trainingSchema.safeParse(merged, { error: configErrorMap });
    if (parsed.success) models.push({ name, training: parsed.data });
    else problems.push(...modelProblems(parsed.error.issues, document, merged, name));
  }
  if (problems.length === 0) problems.push(...stepWaitProblems(training.maxConcurrentJobs, models));
  return { models, problems };
}

/**
 * the Train step waits for every round of maxConcurrentJobs jobs of the slowest model; that must
 * fit in the step's CodeBuild build (36 hours less 30 minutes of setup).
 */
function stepWaitProblems(limit: number, models: readonly ModelConfig[]): ConfigProblem[] {
  const rounds = Math.ceil(models.length / limit);
  const slowest = Math.max(...models.map((m) => effectiveMaxWaitSeconds(m.training) ?? m.training.maxRuntimeSeconds));
  if (rounds * slowest <= MAX_STEP_WAIT_SECONDS) return [];
  const needed = Math.ceil(models.length / Math.floor(MAX_STEP_WAIT_SECONDS / slowest));
  return [
    {
      path: 'training.maxConcurrentJobs',
      value: limit,
      message: `runs the ${models.length} models in ${rounds} rounds of up to ${slowest} s (the slowest model's wait), ${rounds * slowest} s in all, longer than the Train step can wait (${MAX_STEP_WAIT_SECONDS} s: CodeBuild builds last at most 36 hours); raise it to at least ${needed} (within the account's training quotas) or lower the models' maxWaitSeconds/maxRuntimeSeconds`,
    },
  ];
}

/** the message for a served model's name that is not in the catalogue: it lists the names that are. */
export function unknownModelMessage(models: readonly Pick<ModelConfig, 'name'>[]): string {
  const where = models.length === 1 && models[0].name === DEFAULT_MODEL_NAME ? 'without models:, the training: block is the one model, "default"' : 'the names under models:';
  return `is not a model of the catalogue; use one of ${models.map((m) => `"${m.name}"`).join(', ')} (${where})`;
}
