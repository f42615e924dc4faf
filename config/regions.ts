import { RegionInfo } from 'aws-cdk-lib/region-info';
import { didYouMean } from './did-you-mean';

/** the regions aws-cdk-lib's region facts know (every public, China, GovCloud and isolated region). */
export const KNOWN_REGIONS: readonly string[] = RegionInfo.regions.map((r) => r.name);

/** why `value` is not an AWS region, with the closest region; undefined when it is one. */
export function regionProblem(value: string): string | undefined {
  if (KNOWN_REGIONS.includes(value)) return undefined;
  return `is not an AWS region name${didYouMean(value, KNOWN_REGIONS)}; use one such as "eu-west-1", "us-east-1" or "ap-southeast-2"`;
}
