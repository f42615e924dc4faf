import type { ConfigProblem } from './config-error';
import { formatPath, valueAt } from './deep-merge';
import type { EndpointConfig } from './endpoint-schema';
import type { ModelConfig } from './model-catalogue-schema';

/** the feature names of the sample model: what the default SHAP baseline (its training data's means) describes. */
export const SAMPLE_FEATURE_NAMES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;

/** the feature names a model is trained with (its feature_names hyperparameter), when it declares them. */
export function featureNamesOf(model: ModelConfig): string[] | undefined {
  const names = model.training.hyperparameters.feature_names;
  return names === undefined ? undefined : names.split(',').map((n) => n.trim());
}

/**
 * checks an instance endpoint's explainability against the model it serves: the SHAP baseline has
 * one value per feature, and without a baseline the model is the sample model, whose training
 * data's means are the default baseline.
 */
export function explainabilityProblems(endpoint: EndpointConfig, model: ModelConfig, index: number, stageName: string, document: unknown): ConfigProblem[] {
  const explain = endpoint.explainability;
  if (explain === undefined || endpoint.kind !== 'instance') return [];
  const names = featureNamesOf(model);
  // the stage's own setting when it sets the key, or sets explainability without the key
  const at = (key: string): string => {
    const stagePath: PropertyKey[] = ['stages', index, 'endpoint', 'explainability', key];
    const fromStage = valueAt(document, stagePath) !== undefined || (valueAt(document, stagePath.slice(0, -1)) !== undefined && valueAt(document, ['defaults', 'endpoint', 'explainability', key]) === undefined);
    return fromStage ? formatPath(stagePath) : `${formatPath(['defaults', 'endpoint', 'explainability', key])} (inherited by stage "${stageName}")`;
  };
  if (explain.baseline !== undefined) {
    if (names !== undefined && explain.baseline.length !== names.length) {
      return [{ path: at('baseline'), value: explain.baseline, message: `has ${explain.baseline.length} values but model "${model.name}" has ${names.length} features (${names.join(', ')}); give one baseline value per feature, in that order` }];
    }
    return [];
  }
  const sample = names !== undefined && names.length === SAMPLE_FEATURE_NAMES.length && names.every((n, i) => n === SAMPLE_FEATURE_NAMES[i]);
  if (sample) return [];
  return [
    {
      path: at('baseline'),
      value: undefined,
      message: `is missing: model "${model.name}" is not the sample iris model (features ${names ? names.join(', ') : 'not declared in feature_names'}), so the default baseline (the sample training data's means) does not describe it; set baseline to the means of its training data, one value per feature`,
    },
  ];
}
