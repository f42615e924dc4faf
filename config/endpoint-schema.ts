import { z } from 'zod';

/**
 * how one stage hosts the model. Stages inherit `defaults.endpoint` and override any part of it;
 * the merged object is validated with this schema.
 */
export const endpointSchema = z.strictObject({
  kind: z.enum(['instance', 'serverless', 'multiModel']).default('instance').describe('real-time instances, serverless, or a multi-model endpoint'),
  instance: z
    .strictObject({
      instanceType: z.string().regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: 'must be a SageMaker instance type such as "ml.m5.large"' }).default('ml.m5.large'),
      initialInstanceCount: z.number().int().min(1).max(100).default(1),
    })
    .prefault({})
    .describe('instance settings (kind instance or multiModel)'),
  serverless: z
    .strictObject({
      memorySizeMb: z.number().default(2048),
      maxConcurrency: z.number().int().min(1).max(200).default(5),
    })
    .prefault({})
    .describe('serverless settings (kind serverless)'),
});

export type EndpointConfig = z.output<typeof endpointSchema>;

/** the endpoint schema for one stage (defaults may depend on what the stage is for). */
export function endpointSchemaFor(_stage: { readonly environment: 'development' | 'staging' | 'production' }) {
  return endpointSchema;
}
