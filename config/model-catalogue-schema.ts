import { z } from 'zod';
import type { SourceBundle } from './source-bundle';
import type { TrainingConfig } from './training-schema';
import { checkTraining, trainingShape } from './training-schema';

/** the name of the one model of a config without `models:` (its `training:` block is that model). */
export const DEFAULT_MODEL_NAME = 'default';

/** the most models one catalogue may list (each trains as its own job; see maxConcurrentJobs). */
export const MAX_MODELS = 100;

/**
 * a model name: it names the model in the TargetModel map, its smoke-test folder
 * (`test-data/smoke/<model>/`) and the training report.
 */
export const modelName = z
  .string({ error: 'must name a model, e.g. "iris-softmax"' })
  .regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, {
    error: 'must be 2-40 lowercase letters, digits or "-", starting with a letter and not ending with "-" (it names the model\'s smoke-test folder and its entry in the TargetModel map), e.g. "iris-softmax"',
  });

/**
 * `training:` in the file: the training settings every model of the catalogue starts from (as
 * stages start from `defaults`), plus the settings of the Train step itself. Without `models:`
 * these are the settings of the config's one model.
 */
export const trainingDefaultsSchema = z
  .strictObject({
    ...trainingShape,
    maxConcurrentJobs: z
      .number()
      .int()
      .min(1, { error: 'must be at least 1' })
      .max(50, { error: 'is above 50; keep it under the account\'s training-job quotas (spot instances per type), e.g. 4' })
      .default(4)
      .describe('how many training jobs the Train step runs at once; keep it under the account\'s spot training quotas for the instance types the models use'),
  })
  .superRefine((training, ctx) => checkTraining(training, ctx));

export type TrainingDefaults = z.output<typeof trainingDefaultsSchema>;

/**
 * `models:` in the file: each model by name (checked with modelName in resolve-models.ts, so the
 * problem names the key) with its overrides of `training:` (any training
 * setting but the shared `network`). The overrides are merged into `training:` and validated
 * as a whole (see resolve-models.ts), so they are only required to be mappings here.
 */
export const modelCatalogueSchema = z
  .record(z.string(), z.record(z.string(), z.unknown()).describe('overrides of training: for this model (image settings, hyperparameters, channels with their data versions, metric gate, instance settings)'))
  .refine((models) => Object.keys(models).length >= 1 && Object.keys(models).length <= MAX_MODELS, {
    error: `must list 1 to ${MAX_MODELS} models, e.g. "iris-softmax: {}"; leave models out to train the training: block as the one model`,
  });

/** one model of the catalogue with its merged, validated training settings. */
export interface ModelConfig {
  /** the model's name (its key in `models:`, or `default`) */
  readonly name: string;
  /** its training settings: `training:` with the model's overrides merged in */
  readonly training: TrainingConfig;
  /**
   * script mode: its packed `framework.sourceDir` (read when the config file is loaded, see model-sources.ts)
   * @default - none: the model runs no code of its own (sample container, built-in XGBoost)
   */
  readonly code?: SourceBundle;
}
