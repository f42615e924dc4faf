import { z } from 'zod';

/** how often Model Monitor analyses the captured data. */
export const MONITORING_SCHEDULES = ['hourly', 'daily'] as const;
export type MonitoringSchedule = (typeof MONITORING_SCHEDULES)[number];

/**
 * SageMaker Model Monitor data-quality monitoring of an instance endpoint's captured traffic
 * against a baseline computed from the served model's training data (docs/monitoring.md).
 */
export const monitoringSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(false)
    .describe('run a SageMaker Model Monitor data-quality schedule on the captured traffic (instance endpoints with dataCapture.enabled, captureRequest and captureResponse); default false; example: true'),
  schedule: z
    .enum(MONITORING_SCHEDULES, { error: 'must be "hourly" or "daily" (the frequencies Model Monitor schedules accept here)' })
    .default('daily')
    .describe('how often a monitoring job analyses the traffic captured since the last run: hourly (cron(0 * ? * * *)) or daily at midnight UTC (cron(0 0 ? * * *)); default "daily"; example: "hourly"'),
  driftThreshold: z
    .number()
    .gt(0, { error: 'must be above 0: a baseline drift distance is between 0 (same distribution) and 1' })
    .max(1, { error: 'must be at most 1: a baseline drift distance is between 0 (same distribution) and 1' })
    .default(0.1)
    .describe('the drift alarm fires when any feature\'s baseline drift distance (Model Monitor metric feature_baseline_drift_<feature>) is above this; default 0.1; example: 0.2'),
  evaluationPeriods: z
    .number()
    .int()
    .min(1, { error: 'must be 1 or more monitoring runs' })
    .max(24, { error: 'must be at most 24 monitoring runs' })
    .default(1)
    .describe('consecutive monitoring runs (hours or days, after the schedule) whose drift must be above driftThreshold before the alarm fires; default 1; example: 2'),
  instanceType: z
    .string({ error: 'must be a SageMaker processing instance type such as "ml.m5.xlarge"' })
    .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: 'must be a SageMaker processing instance type such as "ml.m5.xlarge"' })
    .default('ml.m5.xlarge')
    .describe('the instance type of each monitoring job (and of the baseline job); default "ml.m5.xlarge"; example: "ml.m5.large"'),
  volumeSizeGb: z
    .number()
    .int()
    .min(1, { error: 'must be 1 GB or more' })
    .max(512, { error: 'must be at most 512 GB' })
    .default(20)
    .describe('the encrypted volume of each monitoring job in GB, which holds the captured data of one run; default 20; example: 50'),
  maxRuntimeSeconds: z
    .number()
    .int()
    .min(60, { error: 'must be 60 seconds or more' })
    .max(3600, { error: 'must be at most 3600 seconds: a data-quality monitoring run cannot outlast an hourly schedule (MonitoringStoppingCondition)' })
    .default(1800)
    .describe('a monitoring job is stopped after this many seconds; default 1800; example: 3600'),
});

export type MonitoringConfig = z.output<typeof monitoringSchema>;

/** the cron expression Model Monitor runs the schedule on (UTC). */
export function scheduleExpression(schedule: MonitoringSchedule): string {
  return schedule === 'hourly' ? 'cron(0 * ? * * *)' : 'cron(0 0 ? * * *)';
}

/** the seconds between two monitoring runs (the period of the drift metrics). */
export function schedulePeriodSeconds(schedule: MonitoringSchedule): number {
  return schedule === 'hourly' ? 3600 : 86400;
}
