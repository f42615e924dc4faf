import type { AppConfig } from '../../../config';
import { parseConfig } from '../../../config';

/** a minimal valid config whose stages are given as YAML flow mappings (one per line). */
export function configWith(stages: readonly string[], extra: readonly string[] = []): AppConfig {
  return parseConfig(
    [
      'project: { name: Cost test, prefix: costtest }',
      'tooling: { account: "111111111111", region: eu-west-1 }',
      'source: { kind: codecommit, repository: cost-test }',
      ...extra,
      'stages:',
      ...stages.map((s) => `  - ${s}`),
      '',
    ].join('\n'),
    'cost-test.yaml',
  );
}
