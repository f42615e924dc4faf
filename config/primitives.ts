import { z } from 'zod';
import { regionProblem } from './regions';

/** a 12-digit AWS account id, kept as a string so leading zeros survive. */
export const accountId = z
  .string({ error: 'must be a 12-digit AWS account id written as a quoted string, e.g. "123456789012"' })
  .regex(/^\d{12}$/, { error: 'must be exactly 12 digits, e.g. "123456789012" (quote it in YAML so leading zeros survive)' });

/** an AWS region aws-cdk-lib's region facts know, such as eu-west-1 or us-gov-west-1. */
export const region = z.string({ error: 'must be an AWS region name such as "eu-west-1"' }).superRefine((value, ctx) => {
  const problem = regionProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
});

/** an SNS topic ARN. */
export const snsTopicArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, {
    error: 'must be an SNS topic ARN such as "arn:aws:sns:eu-west-1:123456789012:releases"',
  });

/** an e-mail address for notifications. */
export const email = z.email({ error: 'must be an e-mail address such as "release-managers@example.com"' });

/** the values CloudWatch Logs accepts for a log group's retention, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const logRetentionDays = z.number().refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
  error: `must be one of the retention periods CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
});

/** who is told: e-mail addresses subscribed to a topic the app defines, and/or an existing topic. */
export const notificationTargets = z.strictObject({
  emails: z.array(email).default([]).describe('e-mail addresses subscribed to the notification topic; e.g. [release-managers@example.com]'),
  topicArn: snsTopicArn.optional().describe('an existing SNS topic to notify as well (for chat integrations, paging); e.g. arn:aws:sns:eu-west-1:111111111111:releases'),
});
