import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AppConfig } from '../../config';
import { ConfigError } from '../../config';
import { deepMerge } from '../../config/deep-merge';
import { resolveConfig } from '../../config/resolve-config';

/** the repository root. */
export const REPO_ROOT = join(__dirname, '..', '..');

/** a minimal valid config document: one stage, CodeCommit source, placeholder accounts. */
export function baseDocument(): Record<string, unknown> {
  return {
    project: { name: 'Test project', prefix: 'tst' },
    tooling: { account: '111111111111', region: 'eu-west-1' },
    source: { kind: 'codecommit', repository: 'test-repo', branch: 'main', create: true },
    stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'] }],
  };
}

/** the committed pipeline.yaml as a parsed document. */
export function repoDocument(): Record<string, unknown> {
  return parse(readFileSync(join(REPO_ROOT, 'pipeline.yaml'), 'utf8')) as Record<string, unknown>;
}

/**
 * a validated config from the base document with overrides merged in (mappings merge, lists
 * replace), so each test states only what it is about.
 */
export function testConfig(overrides: Record<string, unknown> = {}, base: Record<string, unknown> = baseDocument()): AppConfig {
  const result = resolveConfig(deepMerge(base, overrides));
  if (!result.ok) throw new ConfigError('test config', result.problems);
  return result.config;
}
