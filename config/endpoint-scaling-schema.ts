import { z } from 'zod';
import { isTimeZone, scheduleProblem } from './endpoint-schedule';

/** the metrics an endpoint can scale on (names in config, mapped to CloudWatch in the stack). */
export const SCALING_METRICS = ['invocationsPerInstance', 'cpuUtilization', 'modelLatency'] as const;

const seconds = (max: number, what: string) =>
  z.number().int().min(0, { error: `must be 0 or more seconds (${what})` }).max(max, { error: `must be at most ${max} seconds (${what})` });

/** target tracking on one metric, with cooldowns. */
export const targetTrackingSchema = z.strictObject({
  metric: z
    .enum(SCALING_METRICS)
    .default('invocationsPerInstance')
    .describe('invocationsPerInstance (SageMakerVariantInvocationsPerInstance, per minute), cpuUtilization (% summed over cores, /aws/sagemaker/Endpoints) or modelLatency (microseconds, AWS/SageMaker)'),
  targetValue: z.number().positive({ error: 'must be above 0 (invocations per instance per minute, CPU percent, or latency in microseconds)' }).describe('the value the policy keeps the metric at'),
  scaleInCooldownSeconds: seconds(3600, 'cooldown').default(600).describe('seconds after a scale-in before the next one'),
  scaleOutCooldownSeconds: seconds(3600, 'cooldown').default(300).describe('seconds after a scale-out before the next one'),
  disableScaleIn: z.boolean().default(false).describe('true: this policy only adds instances'),
});

/** one step: when the metric is `lower`..`upper` above the alarm threshold, change capacity by `change`. */
export const scalingStepSchema = z.strictObject({
  lower: z.number().min(0, { error: 'must be 0 or more: steps are offsets above the alarm threshold' }).describe('lower bound, as an offset above the threshold (inclusive)'),
  upper: z.number().optional().describe('upper bound, as an offset above the threshold (exclusive); leave it out on the last step; e.g. 30'),
  change: z.number().int().describe('capacity change (instances, percent or exact capacity, per adjustmentType)'),
});

/** step scaling driven by a CloudWatch alarm the stack creates (scale-out on metric >= threshold). */
export const stepScalingSchema = z.strictObject({
  metric: z.enum(SCALING_METRICS).default('cpuUtilization').describe('the metric the alarm watches'),
  threshold: z.number().positive({ error: 'must be above 0' }).describe('alarm threshold (metric >= threshold starts the steps)'),
  evaluationPeriods: z.number().int().min(1).max(10).default(2).describe('one-minute periods the metric must breach'),
  adjustmentType: z.enum(['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity']).default('ChangeInCapacity').describe('how `change` is read'),
  cooldownSeconds: seconds(3600, 'cooldown').default(300).describe('seconds after a step before the next one'),
  steps: z.array(scalingStepSchema).min(1, { error: 'has no steps; list at least one, e.g. [{ lower: 0, change: 1 }]' }).describe('contiguous steps from offset 0; the last one has no upper bound'),
});

/** one scheduled action: set min and/or max at a time. */
export const scheduledActionSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9-]{1,60}$/, { error: 'must be 1-60 letters, digits or "-", e.g. "weekday-peak"' }).describe('the action name (unique per endpoint variant); e.g. weekday-peak'),
  schedule: z
    .string()
    .superRefine((value, ctx) => {
      const problem = scheduleProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
    })
    .describe('when: cron(6 fields), rate(n unit) or at(yyyy-mm-ddThh:mm:ss); e.g. "cron(0 7 ? * MON-FRI *)"'),
  timeZone: z
    .string()
    .refine(isTimeZone, { error: 'is not an IANA time zone; use one such as "Europe/Paris" or "UTC"' })
    .default('UTC')
    .describe('IANA time zone the schedule is read in'),
  minCapacity: z.number().int().min(1, { error: 'must be 1 or more: an endpoint variant cannot scale below one instance' }).optional().describe('new minimum capacity'),
  maxCapacity: z.number().int().min(1).optional().describe('new maximum capacity'),
});

/** target tracking of a serverless variant's provisioned concurrency. */
export const provisionedConcurrencyScalingSchema = z.strictObject({
  targetUtilization: z.number().min(0.1, { error: 'must be 0.1 or more' }).max(0.9, { error: 'must be at most 0.9' }).default(0.7).describe('target of SageMakerVariantProvisionedConcurrencyUtilization'),
  scaleInCooldownSeconds: seconds(3600, 'cooldown').default(600).describe('seconds after a scale-in before the next one'),
  scaleOutCooldownSeconds: seconds(3600, 'cooldown').default(60).describe('seconds after a scale-out before the next one'),
});

/**
 * autoscaling of the endpoint's variant(s). Capacity is instances for instance and multi-model
 * endpoints and provisioned concurrency for serverless ones; scaling is on when a policy or a
 * schedule is given.
 */
export const scalingSchema = z.strictObject({
  minCapacity: z
    .number()
    .int()
    .min(1, { error: 'must be 1 or more: SageMaker variants cannot scale below one instance (scale-to-zero needs inference components)' })
    .default(1)
    .describe('lowest capacity autoscaling may set'),
  maxCapacity: z.number().int().min(1).max(1000).default(4).describe('highest capacity autoscaling may set'),
  targetTracking: targetTrackingSchema.optional().describe('target tracking (instance and multi-model endpoints)'),
  stepScaling: stepScalingSchema.optional().describe('step scaling on an alarm (instance and multi-model endpoints)'),
  scheduled: z.array(scheduledActionSchema).default([]).describe('scheduled min/max changes for known peaks'),
  provisionedConcurrency: provisionedConcurrencyScalingSchema.optional().describe('target tracking of provisioned concurrency (serverless endpoints)'),
});

export type ScalingConfig = z.output<typeof scalingSchema>;
export type ScalingStep = z.output<typeof scalingStepSchema>;
