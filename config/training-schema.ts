import { z } from 'zod';

/** how the model is trained on SageMaker managed spot in the tooling account. */
export const trainingSchema = z.strictObject({
  instanceType: z.string().regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: 'must be a SageMaker instance type such as "ml.m5.large"' }).default('ml.m5.large'),
  instanceCount: z.number().int().min(1).max(100).default(1),
});

export type TrainingConfig = z.output<typeof trainingSchema>;
