import { z } from 'zod';
import { LOG_RETENTION_DAYS, logRetentionDays } from './primitives';

function cidrPrefix(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

/** the VPC each stage's endpoint (and the training jobs) run in. */
export const networkSchema = z.strictObject({
  cidr: z
    .string()
    .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/, { error: 'must be an IPv4 CIDR block such as "10.20.0.0/16"' })
    .refine((c) => c.split(/[./]/).slice(0, 4).every((o) => Number(o) <= 255), { error: 'has an octet above 255' })
    .refine((c) => cidrPrefix(c) >= 16 && cidrPrefix(c) <= 24, {
      error: 'must have a prefix length from /16 to /24 (VPC limits leave room for two or more /27+ subnets)',
    })
    .default('10.20.0.0/16')
    .describe('VPC CIDR block'),
  maxAzs: z
    .number()
    .int()
    .min(2, { error: 'must be at least 2: SageMaker hosting needs subnets in two or more Availability Zones' })
    .max(6, { error: 'must be at most 6' })
    .default(2)
    .describe('Availability Zones (and private subnets) to use; interface endpoints are billed per AZ'),
  flowLogRetentionDays: logRetentionDays.default(365).describe(`retention of the VPC flow log group, in days: one of ${LOG_RETENTION_DAYS.join(', ')}`),
});

export type NetworkConfig = z.output<typeof networkSchema>;
