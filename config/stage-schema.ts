import { z } from 'zod';
import { accountId, notificationTargets, region } from './primitives';
import { smokeTestSchema } from './smoke-test-schema';

/**
 * one deployment stage as written in the file. `network` and `endpoint` are partial overrides of
 * `defaults.network` / `defaults.endpoint`; they are merged and then validated as a whole
 * (see resolve-stages.ts), so they are only required to be mappings here.
 */
export const stageInputSchema = z.strictObject({
  name: z
    .string({ error: 'must name the stage, e.g. "Staging"' })
    .regex(/^[A-Z][A-Za-z0-9]{0,24}$/, {
      error: 'must start with a capital letter and use only letters and digits, at most 25 characters (it names CloudFormation stacks and the CodePipeline stage), e.g. "Staging"',
    })
    .describe('the CodePipeline stage name, also in the stage\'s stack names (<prefix>-<stage>-endpoint); e.g. Staging'),
  account: accountId.describe('the account the stage deploys to, as a quoted string; e.g. "222222222222"'),
  regions: z
    .array(region)
    .min(1, { error: 'must list at least one region, e.g. ["eu-west-1"]' })
    .refine((r) => new Set(r).size === r.length, { error: 'lists a region twice; list each region once' })
    .describe('regions to deploy to; two or more deploy in parallel as a wave; e.g. [eu-west-1, eu-central-1]'),
  environment: z
    .enum(['development', 'staging', 'production'], { error: 'must be one of "development", "staging" or "production"' })
    .default('staging')
    .describe('what the stage is for; production stages get stricter defaults and compliance rules'),
  approval: z
    .boolean()
    .default(false)
    .describe('true: a release manager must approve before this stage deploys'),
  notify: notificationTargets
    .prefault({})
    .describe('who is asked to approve (when approval is true)'),
  network: z.record(z.string(), z.unknown()).default({}).describe('overrides of defaults.network for this stage'),
  endpoint: z.record(z.string(), z.unknown()).default({}).describe('overrides of defaults.endpoint for this stage'),
  smokeTest: smokeTestSchema.prefault({}).describe('post-deploy gates: sample invocations and a p99 latency check'),
});

export type StageInput = z.output<typeof stageInputSchema>;
