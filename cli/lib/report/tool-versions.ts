import { readFileSync } from 'node:fs';

/** the packages whose versions decide what was checked and how. */
export const REPORTED_PACKAGES = ['aws-cdk-lib', 'cdk-nag', 'aws-cdk'] as const;

/** package name -> installed version as resolved from `fromDir`; `not installed` when it cannot be found. */
export function readToolVersions(fromDir: string): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of REPORTED_PACKAGES) {
    try {
      const file = require.resolve(`${name}/package.json`, { paths: [fromDir] });
      const version: unknown = JSON.parse(readFileSync(file, 'utf8')).version;
      versions[name] = typeof version === 'string' ? version : 'unknown';
    } catch {
      versions[name] = 'not installed';
    }
  }
  return versions;
}
