import type { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { IRIS_FEATURE_NAMES, splitIris } from '../../containers/sample-data/src/iris';
import type { ExplainabilityConfig } from '../../config/explainability-schema';

/** the media type the serving container answers the Clarify explainer in: one JSON object per record. */
export const EXPLAINER_ACCEPT = 'application/jsonlines';

/** the means of the sample model's training data, one per feature: its default SHAP baseline. */
export function sampleBaseline(): number[] {
  const { train } = splitIris();
  return IRIS_FEATURE_NAMES.map((_, j) => Math.round((train.reduce((sum, row) => sum + row.features[j], 0) / train.length) * 10_000) / 10_000);
}

/**
 * the endpoint config's SageMaker Clarify explainer: Kernel SHAP against a baseline record (the
 * config's, or the sample training data's means), and an inference config matching the serving
 * container: it takes the explainer's batches of CSV records (feature values only, in feature
 * order) and, asked for `application/jsonlines`, answers one `{"label": .., "probabilities": [..]}`
 * per record, the probabilities in the order of `labels`.
 * @param featureNames the served model's features (its feature_names hyperparameter), when declared
 */
export function explainerConfig(explain: ExplainabilityConfig, featureNames: readonly string[] | undefined): CfnEndpointConfig.ExplainerConfigProperty {
  const baseline = explain.baseline ?? sampleBaseline();
  return {
    clarifyExplainerConfig: {
      enableExplanations: explain.enableExplanations,
      shapConfig: {
        shapBaselineConfig: { mimeType: 'text/csv', shapBaseline: baseline.join(',') },
        numberOfSamples: explain.numberOfSamples,
        useLogit: explain.useLogit,
        seed: explain.seed,
      },
      inferenceConfig: {
        featureHeaders: featureNames ? [...featureNames] : undefined,
        featureTypes: featureNames ? featureNames.map(() => 'numerical') : undefined,
        labelHeaders: [...explain.labels],
        probabilityAttribute: 'probabilities',
        maxRecordCount: explain.maxRecordCount,
      },
    },
  };
}
