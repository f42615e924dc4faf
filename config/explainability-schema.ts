import { z } from 'zod';

/** the class labels of the sample model, in the order its serving container answers probabilities. */
export const SAMPLE_LABELS = ['setosa', 'versicolor', 'virginica'] as const;

/**
 * SageMaker Clarify online explainability of an instance endpoint (`ExplainerConfig` of the
 * endpoint config). The explainer sends the served model batches of CSV records and reads its
 * JSON Lines answer (`{"label": ..., "probabilities": [...]}` per record); clients ask for
 * explanations with `Accept: application/jsonlines`.
 */
export const explainabilitySchema = z.strictObject({
  numberOfSamples: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(100)
    .describe('records of the synthetic dataset Kernel SHAP builds per explained record (more: steadier attributions, slower answers)'),
  useLogit: z.boolean().default(false).describe('explain log-odds instead of probabilities'),
  seed: z.number().int().min(0).optional().describe('seed of the synthetic dataset, for repeatable attributions'),
  enableExplanations: z
    .string()
    .min(1)
    .max(64, { error: 'is longer than 64 characters, the most SageMaker accepts for EnableExplanations' })
    .default('`true`')
    .describe('JMESPath over each answered record deciding whether to explain it, e.g. "max(probabilities) < `0.9`" (default: every record)'),
  labels: z
    .array(z.string().min(1))
    .min(2, { error: 'must list the model\'s class labels (2 or more), in the order the serving container answers probabilities' })
    .default([...SAMPLE_LABELS])
    .describe('the class labels, in the order of the probabilities the model answers (default: the sample iris classes)'),
  baseline: z
    .array(z.number())
    .min(1)
    .optional()
    .describe('the SHAP baseline record, one value per feature (default for the sample model: the means of its training data); e.g. [5.8, 3.1, 3.7, 1.2]'),
  maxRecordCount: z.number().int().min(1).max(10_000).default(100).describe('records per request the explainer sends the model container'),
  targetExplanationsPerInstance: z
    .number()
    .positive()
    .optional()
    .describe('adds a target-tracking policy on ExplanationsPerInstance (explained records per minute per instance) at this value'),
});

export type ExplainabilityConfig = z.output<typeof explainabilitySchema>;
