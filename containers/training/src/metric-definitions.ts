/**
 * The metrics the training container prints, and the regexes SageMaker uses to pick them out of the
 * log (CreateTrainingJob `AlgorithmSpecification.MetricDefinitions`). Each value is printed as
 * `<name>=<number>;` so the regex cannot run into the next metric.
 */

/** one entry of `AlgorithmSpecification.MetricDefinitions`, in the API's own casing. */
export interface MetricDefinition {
  readonly Name: string;
  readonly Regex: string;
}

const NUMBER = '([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)';

/** the metrics of the sample model; `validation:accuracy` is the one to tune on and to gate on. */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  { Name: 'train:loss', Regex: `train:loss=${NUMBER};` },
  { Name: 'validation:loss', Regex: `validation:loss=${NUMBER};` },
  { Name: 'validation:accuracy', Regex: `validation:accuracy=${NUMBER};` },
];

/** the per-epoch log line, e.g. `epoch 3/30: train:loss=0.512345; validation:loss=0.498765; validation:accuracy=0.9667;` */
export function formatEpochLine(epoch: number, epochs: number, trainLoss: number, validationLoss: number, validationAccuracy: number): string {
  return `epoch ${epoch}/${epochs}: train:loss=${trainLoss.toFixed(6)}; validation:loss=${validationLoss.toFixed(6)}; validation:accuracy=${validationAccuracy.toFixed(4)};`;
}
