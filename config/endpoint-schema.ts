import { z } from 'zod';
import { alarmsSchema, dataCaptureSchema, rolloutSchema } from './endpoint-rollout-schema';
import type { RolloutStrategy } from './endpoint-rollout-schema';
import { checkEndpoint } from './endpoint-rules';
import { scalingSchema } from './endpoint-scaling-schema';
import { explainabilitySchema } from './explainability-schema';
import { monitoringSchema } from './monitoring-schema';

const SERVERLESS_MEMORY_MB = [1024, 2048, 3072, 4096, 5120, 6144];

const timeoutSeconds = z
  .number()
  .int()
  .min(60, { error: 'must be 60 seconds or more (the SageMaker API minimum)' })
  .max(3600, { error: 'must be at most 3600 seconds (the SageMaker API maximum)' });

/**
 * how one stage hosts the model. Stages inherit `defaults.endpoint` and override any part of it;
 * the merged object is validated with this schema.
 */
export const endpointSchema = z
    .strictObject({
      kind: z.enum(['instance', 'serverless', 'multiModel']).default('instance').describe('real-time instances, serverless, or a multi-model endpoint'),
      instance: z
        .strictObject({
          instanceType: z.string({ error: 'must be a SageMaker instance type such as "ml.m5.large"' }).default('ml.m5.large').describe('the instance type of each variant (checked against the SageMaker API\'s list for the endpoint kind)'),
          initialInstanceCount: z.number().int().min(1).max(100).default(1).describe('instances per variant when the variant is created'),
          modelDataDownloadTimeoutSeconds: timeoutSeconds.default(600).describe('time allowed to download and extract the model'),
          containerStartupHealthCheckTimeoutSeconds: timeoutSeconds.default(600).describe('time allowed for /ping to pass after the container starts'),
        })
        .prefault({})
        .describe('instance settings (kind instance or multiModel)'),
      serverless: z
        .strictObject({
          memorySizeMb: z
            .number()
            .refine((v) => SERVERLESS_MEMORY_MB.includes(v), { error: `is not one of ${SERVERLESS_MEMORY_MB.join(', ')}; serverless memory comes in 1024 MB steps from 1024 to 6144` })
            .default(2048)
            .describe(`memory of the serverless variant in MB (vCPUs scale with it): one of ${SERVERLESS_MEMORY_MB.join(', ')}`),
          maxConcurrency: z.number().int().min(1).max(200).default(5).describe('concurrent invocations the variant serves'),
          provisionedConcurrency: z.number().int().min(1).max(200).optional().describe('pre-warmed concurrency (no cold starts); at most maxConcurrency'),
        })
        .prefault({})
        .describe('serverless settings (kind serverless)'),
      multiModel: z
        .strictObject({
          modelCache: z.boolean().default(true).describe('cache loaded models on the instance (ModelCacheSetting Enabled)'),
        })
        .optional()
        .describe('multi-model settings (kind multiModel)'),
      model: z.string().min(1).optional().describe('instance and serverless kinds: the model of the catalogue (models:) this endpoint serves (default: the first); e.g. iris-softmax'),
      models: z
        .array(z.string().min(1))
        .min(1, { error: 'must list at least one model; leave models out to serve every model of the catalogue' })
        .refine((m) => new Set(m).size === m.length, { error: 'lists a model twice; list each model once' })
        .optional()
        .describe('kind multiModel: the models of the catalogue this endpoint serves, each invoked by its TargetModel (default: all); e.g. [iris-softmax, iris-softmax-l2]'),
      explainability: explainabilitySchema.optional().describe('instance endpoints: SageMaker Clarify online explanations (SHAP) of the served model'),
      vpc: z.boolean().optional().describe('run the model in the stage VPC with network isolation; always for instance kinds, never for serverless'),
      variants: z.number().int().min(1).max(5, { error: 'must be at most 5: each variant gets two rollback alarms and SageMaker accepts at most 10' }).default(1).describe('production variants sharing traffic equally, each autoscaled on its own (instance kinds)'),
      scaling: scalingSchema.prefault({}).describe('autoscaling: target tracking, step scaling, schedules, provisioned concurrency'),
      rollout: rolloutSchema.prefault({}).describe('how new versions reach traffic and roll back'),
      alarms: alarmsSchema.prefault({}).describe('alarm thresholds (rollback and operations) and who is notified'),
      dataCapture: dataCaptureSchema.prefault({}).describe('request/response capture (instance kinds)'),
      monitoring: monitoringSchema.prefault({}).describe('SageMaker Model Monitor data-quality monitoring of the captured traffic against a baseline from the served model\'s training data (instance endpoints with data capture); default off; example: { enabled: true, schedule: hourly }'),
    })
    .superRefine((config, ctx) => checkEndpoint(config, ctx));

export type EndpointConfig = z.output<typeof endpointSchema>;

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * the rollout strategy a stage gets when its config names none: a canary for production instance
 * endpoints with a fleet a canary can be cut from (two or more instances), all at once otherwise.
 */
export function defaultRolloutStrategy(environment: string, endpoint: Record<string, unknown>): RolloutStrategy {
  const instance = isMapping(endpoint.instance) ? endpoint.instance : {};
  const count = typeof instance.initialInstanceCount === 'number' ? instance.initialInstanceCount : 1;
  const kind = endpoint.kind ?? 'instance';
  return environment === 'production' && kind !== 'serverless' && count >= 2 ? 'canary' : 'allAtOnce';
}

/** the endpoint schema for one stage: fills in the stage's default rollout strategy, then validates. */
export function endpointSchemaFor(stage: { readonly environment: 'development' | 'staging' | 'production' }) {
  return z.preprocess((input) => {
    // a rollout that is no mapping is left for the schema to reject (it is not replaced by the default)
    if (!isMapping(input) || (input.rollout !== undefined && !isMapping(input.rollout))) return input;
    const rollout = isMapping(input.rollout) ? input.rollout : {};
    if (rollout.strategy !== undefined) return input;
    return { ...input, rollout: { ...rollout, strategy: defaultRolloutStrategy(stage.environment, input) } };
  }, endpointSchema);
}
