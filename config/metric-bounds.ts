/** metrics that are fractions by definition: the share of correct answers, or areas and rates in [0, 1]. */
const BOUNDED_METRICS = ['accuracy', 'f1', 'auc', 'precision', 'recall'] as const;

/**
 * the bounded metric a metric name measures, judged by its last word (`validation:accuracy`,
 * `train:f1`, `validation_auc`, `test.recall`); undefined for metrics without bounds (loss, rmse).
 */
export function boundedMetric(name: string): string | undefined {
  const last = name.toLowerCase().split(/[:_./-]/).pop() ?? '';
  return (BOUNDED_METRICS as readonly string[]).includes(last) ? last : undefined;
}

/** why `threshold` cannot gate the metric `name` (a fraction out of [0, 1]), with the likely meant value; undefined when it can. */
export function metricThresholdProblem(name: string, threshold: number): string | undefined {
  const metric = boundedMetric(name);
  if (metric === undefined || (threshold >= 0 && threshold <= 1)) return undefined;
  const hint = threshold > 1 && threshold <= 100 ? `: write a percentage as a fraction (did you mean ${threshold / 100}?)` : '';
  return `is outside 0..1, the range of ${metric} (${name})${hint}; set a threshold from 0 to 1, e.g. 0.9`;
}
