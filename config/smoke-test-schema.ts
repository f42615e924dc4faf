import { z } from 'zod';

/** the post-deploy gates of one stage: sample invocations, then a latency check. */
export const smokeTestSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('false: deploy the stage without the smoke and latency gates'),
  samplesDir: z
    .string()
    .regex(/^(?!\/)[A-Za-z0-9._\-/]+$/, { error: 'must be a folder relative to the repository root, e.g. "test-data/smoke"' })
    .default('test-data/smoke')
    .describe('folder of sample payloads with their expected answers (*.json cases)'),
  latencyRequests: z
    .number()
    .int()
    .min(20, { error: 'is below 20; a p99 needs at least 20 requests to mean anything' })
    .max(10_000)
    .default(200)
    .describe('requests sent to measure latency'),
  concurrency: z.number().int().min(1).max(64).default(4).describe('requests in flight at once during the latency check'),
  p99LatencyMs: z.number().positive().max(60_000).default(500).describe('the gate fails when the p99 round-trip latency exceeds this, in milliseconds'),
});

export type SmokeTestConfig = z.output<typeof smokeTestSchema>;
