import { z } from 'zod';
import { endpointSchema } from './endpoint-schema';
import { networkSchema } from './network-schema';
import { configFileSchema } from './schema';
import type { JsonSchemaNode, SchemaRow } from './schema-rows';
import { schemaRows } from './schema-rows';
import { trainingShape } from './training-schema';

/** one section of the reference: a heading, what it is, and the rows of its keys. */
interface Section {
  readonly title: string;
  readonly intro: string;
  readonly rows: readonly SchemaRow[];
}

/** the keys of `training:` a model of the catalogue may not override (resolve-models.ts refuses them). */
const SHARED_TRAINING_KEYS = ['network', 'maxConcurrentJobs'];

function jsonSchema(schema: z.ZodType): JsonSchemaNode {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
}

/** the rows of one top-level key, with the network and endpoint overrides pointing at their sections. */
function topLevelRows(file: JsonSchemaNode, key: string): SchemaRow[] {
  const node = file.properties?.[key];
  if (!node) throw new Error(`the config schema has no top-level key '${key}'`);
  return schemaRows(node, key, file.required?.includes(key) ?? false).map((row) =>
    /^(defaults|stages\[\])\.(network|endpoint)$/.test(row.path) ? { ...row, type: `mapping: keys of [${row.path.split('.')[1]}](#${row.path.split('.')[1]})`, example: '' } : row,
  );
}

function sourceSections(file: JsonSchemaNode): Section[] {
  const source = file.properties?.source;
  const forms = source?.oneOf ?? [];
  if (forms.length === 0) throw new Error('the config schema\'s source has no forms (oneOf)');
  const kinds = forms.map((form) => String(form.properties?.kind?.const));
  const sourceRow: SchemaRow = { ...schemaRows(source as JsonSchemaNode, 'source', true)[0], type: `mapping in one of ${forms.length} forms, by \`kind\`: ${kinds.map((k) => `\`${k}\``).join(', ')}` };
  return forms.map((form, i) => ({
    title: `source (kind: ${kinds[i]})`,
    intro: form.description ?? '',
    rows: [...(i === 0 ? [sourceRow] : []), ...schemaRows(form, 'source', true).slice(1)],
  }));
}

function modelRows(file: JsonSchemaNode): SchemaRow[] {
  const models = file.properties?.models;
  if (!models) throw new Error('the config schema has no models key');
  const own = z.strictObject(Object.fromEntries(Object.entries(trainingShape).filter(([key]) => !SHARED_TRAINING_KEYS.includes(key))));
  const overrides = schemaRows(jsonSchema(own), 'models.<name>', false)
    .slice(1)
    .map((row) => ({ ...row, defaultValue: row.path.split('.').length === 3 ? `the value of \`${row.path.replace('models.<name>', 'training')}\`` : row.defaultValue }));
  return [...schemaRows(models, 'models', false).slice(0, 2), ...overrides];
}

/** text for a table cell: pipes escaped, and `<` `>` outside code spans written as entities (GitHub would read `<prefix>` as a tag). */
function cell(text: string): string {
  const escape = (prose: string) => prose.replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = '';
  let last = 0;
  for (const span of text.matchAll(/(`+)[\s\S]*?[^`]\1(?!`)/g)) {
    out += escape(text.slice(last, span.index)) + span[0];
    last = span.index + span[0].length;
  }
  return (out + escape(text.slice(last))).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(rows: readonly SchemaRow[]): string {
  const lines = ['| key | type | allowed values | default | example | what it does |', '| --- | --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    lines.push(`| \`${row.path}\` | ${cell(row.type)} | ${cell(row.allowed)} | ${cell(row.defaultValue)} | ${cell(row.example)} | ${cell(row.description)} |`);
  }
  return lines.join('\n');
}

/** the sections of the reference, in the order of pipeline.yaml. */
export function configReferenceSections(): Section[] {
  const file = jsonSchema(configFileSchema);
  const plain = (key: string, intro: string): Section => ({ title: key, intro, rows: topLevelRows(file, key) });
  return [
    plain('project', 'What the project is called and the prefix of every resource name.'),
    plain('tooling', 'The account and region of the pipeline, the model store and training.'),
    ...sourceSections(file),
    plain('pipeline', 'Settings of the pipeline itself.'),
    plain('defaults', 'What every stage starts from. A stage overrides any part: mappings merge key by key, lists and scalars replace.'),
    plain('stages', 'The deployment stages, in promotion order.'),
    {
      title: 'network',
      intro: 'The keys of `defaults.network` and `stages[].network` (merged, then validated as a whole). An instance or multi-model stage gets this VPC; a serverless stage gets none.',
      rows: schemaRows(jsonSchema(networkSchema), 'network', false).slice(1),
    },
    {
      title: 'endpoint',
      intro: 'The keys of `defaults.endpoint` and `stages[].endpoint` (merged, then validated as a whole, so a combination the endpoint kind does not support is reported once, at the stage).',
      rows: schemaRows(jsonSchema(endpointSchema), 'endpoint', false).slice(1),
    },
    plain('training', 'Managed spot training in the tooling account: the settings every model of the catalogue starts from.'),
    {
      title: 'models',
      intro: `The model catalogue. Each model overrides any key of \`training\` except ${SHARED_TRAINING_KEYS.map((k) => `\`training.${k}\``).join(' and ')}; mappings merge key by key, lists and scalars replace.`,
      rows: modelRows(file),
    },
    plain('workspace', 'The data scientists\' private workspace in the tooling account.'),
  ];
}

/** docs/config-reference.md: every key of pipeline.yaml with its type, allowed values, default and an example. */
export function configReferenceMarkdown(): string {
  const sections = configReferenceSections();
  const slug = (title: string) => title.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
  const parts = [
    '# Configuration reference (`pipeline.yaml`)',
    '',
    'Generated from the zod schema (`config/*.ts`) by `npm run schema`, like `config/pipeline.schema.json`; do not edit this page, edit the `.describe(...)` texts and run `npm run schema`. A test fails when it is stale. How the file is validated, merged and checked is in [the developers\' guide](developers.md#configuration).',
    '',
    '"required" means the key must be given; "none" means it is optional and has no default. Types are as written in YAML; account ids are quoted strings.',
    '',
    sections.map((s) => `- [${s.title}](#${slug(s.title)})`).join('\n'),
  ];
  for (const section of sections) parts.push('', `## ${section.title}`, '', section.intro, '', table(section.rows));
  return `${parts.join('\n')}\n`;
}
