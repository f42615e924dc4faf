import { z } from 'zod';
import { accountId, notificationTargets, region } from './primitives';
import { sourceSchema } from './source-schema';
import { stageInputSchema } from './stage-schema';
import { modelCatalogueSchema, trainingDefaultsSchema } from './model-catalogue-schema';
import { checkWorkspace } from './workspace-rules';
import { workspaceSchema } from './workspace-schema';

/** the file as written: `pipeline.yaml`. Stage overrides are merged in resolve-config.ts. */
export const configFileSchema = z
  .strictObject({
    project: z
      .strictObject({
        name: z.string().min(1).max(64).describe('human-readable project name, shown in descriptions and reports; e.g. Iris classifier'),
        prefix: z
          .string({ error: 'must be a short resource-name prefix such as "mlops"' })
          .regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, {
            error: 'must be 3-20 lowercase letters, digits or "-", starting with a letter (it prefixes bucket, pipeline and endpoint names), e.g. "mlops"',
          })
          .describe('prefixes every resource name: the pipeline (<prefix>-pipeline), stacks, buckets, roles, endpoints; e.g. mlops'),
      })
      .describe('names'),
    tooling: z
      .strictObject({
        account: accountId.describe('the account that hosts the pipeline, the model store and training, as a quoted string; e.g. "111111111111"'),
        region: region.describe('the pipeline region (checked against aws-cdk-lib\'s region facts); e.g. eu-west-1'),
      })
      .describe('the tooling (pipeline) account'),
    source: sourceSchema.describe('where commits come from'),
    pipeline: z
      .strictObject({
        notify: notificationTargets.prefault({}).describe('who hears about failed executions and pending approvals'),
      })
      .prefault({})
      .describe('pipeline settings'),
    defaults: z
      .strictObject({
        network: z.record(z.string(), z.unknown()).default({}).describe('network settings every stage starts from'),
        endpoint: z.record(z.string(), z.unknown()).default({}).describe('endpoint settings every stage starts from'),
      })
      .prefault({})
      .describe('settings shared by all stages; each stage may override any part'),
    stages: z
      .array(stageInputSchema)
      .min(1, { error: 'must list at least one stage, e.g. "- name: Staging"' })
      .describe('deployment stages, in promotion order'),
    training: trainingDefaultsSchema
      .prefault({})
      .describe('managed spot training: the settings every model of models: starts from, or, without models:, the one model'),
    models: modelCatalogueSchema
      .optional()
      .describe('the model catalogue: each model by name with its overrides of training:, trained on its own and served by name (default: the training: block is the one model, "default")'),
    workspace: workspaceSchema.optional().describe('the private data-science workspace in the tooling account (off unless given)'),
  })
  .superRefine((config, ctx) => {
    if (config.workspace) checkWorkspace(config.workspace, config, ctx);
    const seen = new Map<string, number>();
    config.stages.forEach((stage, i) => {
      const key = stage.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'name'],
          input: stage.name,
          message: `repeats the name of stages[${first}]; give every stage a different name`,
        });
      } else {
        seen.set(key, i);
      }
    });
  });

export type ConfigFile = z.output<typeof configFileSchema>;
