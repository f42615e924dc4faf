/** the prefix of the models bucket baseline jobs write to, before the train step publishes their files under models/. */
export const BASELINE_JOBS_PREFIX = 'baseline-jobs/';

/** where a model's data-quality baseline is kept in the model store: beside its model, by its content address. */
export interface BaselineKeys {
  /** the folder, `models/<identity>/baseline/` */
  readonly prefix: string;
  /** Model Monitor's statistics of the training data, `models/<identity>/baseline/statistics.json` */
  readonly statistics: string;
  /** the constraints suggested from them, `models/<identity>/baseline/constraints.json` */
  readonly constraints: string;
}

/**
 * the baseline keys of a model key (`models/<identity>/model.tar.gz`): in the model's own folder, so
 * a commit that skips training (same identity) finds the baseline of that model as it finds the model.
 */
export function baselineKeys(modelKey: string): BaselineKeys {
  const slash = modelKey.lastIndexOf('/');
  if (!modelKey.startsWith('models/') || slash <= 'models/'.length) throw new Error(`model key ${modelKey} is not of the form models/<identity>/model.tar.gz; pass a content-addressed model key`);
  const prefix = `${modelKey.slice(0, slash + 1)}baseline/`;
  return { prefix, statistics: `${prefix}statistics.json`, constraints: `${prefix}constraints.json` };
}
