import { z } from 'zod';

/** how a new model version reaches traffic (SageMaker deployment guardrails). */
export const ROLLOUT_STRATEGIES = ['allAtOnce', 'canary', 'linear', 'rolling'] as const;
export type RolloutStrategy = (typeof ROLLOUT_STRATEGIES)[number];

const bakeSeconds = z
  .number()
  .int()
  .min(0, { error: 'must be 0 or more seconds' })
  .max(3600, { error: 'must be at most 3600 seconds (the SageMaker API limit)' });

/** the rollout: blue/green (all at once, canary, linear) or rolling, bake times and its limits. */
export const rolloutSchema = z.strictObject({
    strategy: z
      .enum(ROLLOUT_STRATEGIES)
      .default('allAtOnce')
      .describe('allAtOnce, canary or linear (blue/green traffic shifting) or rolling (batches); when left out: canary for production instance endpoints with 2+ instances, allAtOnce otherwise'),
    canaryPercent: z
      .number()
      .int()
      .min(1, { error: 'must be 1 or more percent' })
      .max(50, { error: 'must be at most 50 percent: SageMaker limits a canary to half of the fleet' })
      .default(10)
      .describe('share of the new fleet that takes traffic first (canary)'),
    linearStepPercent: z
      .number()
      .int()
      .min(10, { error: 'must be 10 or more percent: SageMaker shifts linear traffic in steps of 10-50 %' })
      .max(50, { error: 'must be at most 50 percent: SageMaker shifts linear traffic in steps of 10-50 %' })
      .default(20)
      .describe('share of capacity shifted per linear step'),
    rollingBatchPercent: z
      .number()
      .int()
      .min(5, { error: 'must be 5 or more percent: SageMaker rolling batches are 5-50 % of the fleet' })
      .max(50, { error: 'must be at most 50 percent: SageMaker rolling batches are 5-50 % of the fleet' })
      .default(25)
      .describe('share of the fleet replaced per rolling batch'),
    bakeSeconds: bakeSeconds.default(300).describe('wait after each traffic step (canary, linear, rolling), watched by the rollback alarms'),
    finalBakeSeconds: bakeSeconds.default(600).describe('wait before the old fleet is terminated (blue/green)'),
    maxExecutionSeconds: z
      .number()
      .int()
      .min(600, { error: 'must be 600 seconds or more (the SageMaker API minimum)' })
      .max(28800, { error: 'must be at most 28800 seconds (8 hours, the SageMaker API maximum)' })
      .default(3600)
      .describe('the whole deployment must finish within this (it must exceed the sum of bake times)'),
});

/** the thresholds of the operational and rollback alarms, and who hears about them. */
export const alarmsSchema = z.strictObject({
  errorRatePercent: z.number().positive().max(100).default(1).describe('5XX errors as a percentage of invocations that trips the error alarms'),
  p99LatencyMs: z.number().int().positive().default(1000).describe('p99 model latency in milliseconds that trips the latency alarms'),
  evaluationPeriods: z.number().int().min(1).max(30).default(3).describe('consecutive one-minute periods that must breach'),
  emails: z.array(z.email({ error: 'must be an e-mail address such as "oncall@example.com"' })).default([]).describe('e-mail addresses subscribed to the alarm topic'),
});

/** request/response capture of an instance endpoint to a private, encrypted bucket. */
export const dataCaptureSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('capture requests and/or responses (instance and multi-model endpoints only)'),
  samplingPercent: z.number().int().min(1).max(100).default(20).describe('percentage of invocations captured'),
  captureRequest: z.boolean().default(true).describe('capture the request payload'),
  captureResponse: z.boolean().default(true).describe('capture the response payload'),
  retentionDays: z.number().int().min(1).max(3650).default(30).describe('days before captured objects expire'),
});

export type RolloutConfig = z.output<typeof rolloutSchema>;
export type AlarmsConfig = z.output<typeof alarmsSchema>;
export type DataCaptureConfig = z.output<typeof dataCaptureSchema>;
