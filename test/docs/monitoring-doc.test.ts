import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { monitoringSchema } from '../../config/monitoring-schema';
import { endpointSchema } from '../../config/endpoint-schema';
import { DATA_METRICS_NAMESPACE } from '../../stages/constructs/drift-metrics';
import { REPO_ROOT } from '../helpers/test-config';

/* docs/monitoring.md: its config example is valid, lists every key, and names the namespace the alarm uses. */

const doc = readFileSync(join(REPO_ROOT, 'docs', 'monitoring.md'), 'utf8');
const section = doc.slice(doc.indexOf('## The config'), doc.indexOf('## Where the baseline comes from'));
const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

describe('docs/monitoring.md', () => {
  test('the config example is a valid monitored endpoint and shows every monitoring key with its default', () => {
    const example = (parse(yamlBlock) as { stages: { endpoint: Record<string, unknown> }[] }).stages[0].endpoint;
    const parsed = endpointSchema.safeParse(example);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message)).toEqual([]);
    const shown = example.monitoring as Record<string, unknown>;
    expect(Object.keys(shown).sort()).toEqual(Object.keys(monitoringSchema.shape).sort());
    const defaults = monitoringSchema.parse({});
    for (const [key, value] of Object.entries(defaults)) if (key !== 'enabled') expect([key, shown[key]]).toEqual([key, value]);
  });

  test('names the namespace and the metric the drift alarm watches', () => {
    expect(doc).toContain(`\`${DATA_METRICS_NAMESPACE}\``);
    expect(doc).toContain('`feature_baseline_drift_<column>`');
  });
});
