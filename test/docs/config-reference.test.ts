import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configReferenceMarkdown } from '../../config/config-reference';
import { configJsonSchema } from '../../config/json-schema';
import { codeSpan, describedExample } from '../../config/schema-rows';
import { REPO_ROOT } from '../helpers/test-config';

/** a JSON Schema node, as far as walking its keys needs. */
interface Node {
  readonly type?: string;
  readonly properties?: Record<string, Node>;
  readonly items?: Node;
  readonly additionalProperties?: Node | boolean;
  readonly oneOf?: readonly Node[];
}

/** the training keys a model of the catalogue may not override (resolve-models.ts refuses them). */
const SHARED_TRAINING_KEYS = ['network', 'maxConcurrentJobs'];

/**
 * every key path of the editors' JSON Schema (config/pipeline.schema.json), walked here on its own
 * rather than with the generator's code, with `leaf` true for a key that has no keys below it.
 * Stage and default overrides of network and endpoint are the shared sections `network.*` and
 * `endpoint.*`; the catalogue's overrides are `models.<name>.<training key>`.
 */
function schemaKeys(root: Node): Map<string, boolean> {
  const keys = new Map<string, boolean>();
  const walk = (node: Node, path: string): void => {
    const children: [string, Node][] = [];
    for (const form of node.oneOf ?? []) for (const [k, v] of Object.entries(form.properties ?? {})) children.push([`${path}.${k}`, v]);
    for (const [k, v] of Object.entries(node.properties ?? {})) children.push([path ? `${path}.${k}` : k, v]);
    if (node.items?.properties) for (const [k, v] of Object.entries(node.items.properties)) children.push([`${path}[].${k}`, v]);
    const entry = node.additionalProperties;
    if (entry && typeof entry === 'object' && (entry.properties || entry.additionalProperties)) children.push([`${path}.<name>`, entry]);
    if (path) keys.set(path, children.length === 0 || (keys.get(path) ?? false));
    for (const [childPath, child] of children) {
      if (childPath === 'models.<name>.<name>') continue;
      walk(child, childPath.replace(/^(defaults|stages\[\])\.(network|endpoint)\./, '$2.'));
    }
  };
  walk(root, '');
  for (const [path, leaf] of [...keys]) {
    const [top, key] = path.split('.');
    if (top === 'training' && key && !SHARED_TRAINING_KEYS.includes(key)) {
      keys.set(path.replace(/^training\./, 'models.<name>.'), leaf);
      keys.set('models.<name>', false);
    }
  }
  return keys;
}

/** the rows of the page: key, and its cells (type, allowed, default, example, description). */
function pageRows(page: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of page.split('\n')) {
    const match = /^\| `([^`]+)` \|(.*)\|$/.exec(line);
    if (match) rows.set(match[1], match[2].split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

/** what the page lacks (keys of the schema it has no row for) and has too much (rows of no key). */
function coverage(page: string, schema: Node): { missing: string[]; extra: string[] } {
  const keys = schemaKeys(schema);
  const rows = pageRows(page);
  return { missing: [...keys.keys()].filter((k) => !rows.has(k)), extra: [...rows.keys()].filter((k) => !keys.has(k)) };
}

const committed = readFileSync(join(REPO_ROOT, 'docs', 'config-reference.md'), 'utf8');
const schema = JSON.parse(configJsonSchema()) as Node;

describe('docs/config-reference.md', () => {
  test('is what `npm run schema` writes from the zod schema', () => {
    if (committed !== configReferenceMarkdown()) throw new Error('docs/config-reference.md is stale: run `npm run schema` and commit the result');
  });

  test('has a row for every key of the schema, nested keys, stage sections and the catalogue included, and no other', () => {
    const { missing, extra } = coverage(committed, schema);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(pageRows(committed).size).toBeGreaterThan(150);
    expect([...pageRows(committed).keys()]).toEqual(expect.arrayContaining(['stages[].smokeTest.p99LatencyMs', 'endpoint.scaling.scheduled[].timeZone', 'models.<name>.hyperparameters', 'source.connectionArn', 'workspace.data.writePrefix']));
  });

  test('gives every key that has no keys below it a type, a default (or required/none), an example and a description', () => {
    const rows = pageRows(committed);
    const incomplete = [...schemaKeys(schema)]
      .filter(([, leaf]) => leaf)
      .map(([key]) => [key, rows.get(key) ?? []] as const)
      .filter(([, cells]) => cells.length !== 5 || [cells[0], cells[2], cells[3], cells[4]].some((c) => c === ''))
      .map(([key]) => key);
    expect(incomplete).toEqual([]);
  });

  test('shows a description\'s example whole (a quoted value with ";" or parentheses in it, a list) and as code even when it holds a backtick', () => {
    expect(describedExample('a regular expression; e.g. "validation:f1=([0-9.]+);"')).toBe('"validation:f1=([0-9.]+);"');
    expect(describedExample('regions; e.g. [eu-west-1, eu-central-1]')).toBe('[eu-west-1, eu-central-1]');
    expect(describedExample('what to explain, e.g. max(p) > 0.9 (default: every record)')).toBe('max(p) > 0.9');
    expect(describedExample('no example here')).toBeUndefined();
    expect(codeSpan('"max(probabilities) < `0.9`"')).toBe('`` "max(probabilities) < `0.9`" ``');
    expect(committed).toContain('| `` "max(probabilities) < `0.9`" `` |');
  });

  test('fails when a key of the schema has no row', () => {
    const page = committed.split('\n').filter((line) => !line.startsWith('| `training.spot` |')).join('\n');
    expect(coverage(page, schema).missing).toEqual(['training.spot']);
  });

  test('fails when the schema gains a key the page does not list', () => {
    const grown = JSON.parse(configJsonSchema()) as { properties: Record<string, { properties: Record<string, Node> }> };
    grown.properties.tooling.properties.partition = { type: 'string' };
    expect(coverage(committed, grown as Node)).toEqual({ missing: ['tooling.partition'], extra: [] });
  });
});
