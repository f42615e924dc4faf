/** a node of a JSON Schema as `z.toJSONSchema` writes it (only the parts the reference reads). */
export interface JsonSchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly additionalProperties?: JsonSchemaNode | boolean;
  readonly items?: JsonSchemaNode;
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly anyOf?: readonly JsonSchemaNode[];
}

/** one key of the config file, as a row of the reference. */
export interface SchemaRow {
  /** the key's path: `training.channels.<name>.prefix`, `stages[].name` */
  readonly path: string;
  /** the type in words: `integer`, `list of string`, `mapping of name to string` */
  readonly type: string;
  /** what the schema allows beyond the type (range, pattern, one of), or '' */
  readonly allowed: string;
  /** the default as YAML, `required`, or `none` (optional, no default) */
  readonly defaultValue: string;
  /** the schema's description, or '' */
  readonly description: string;
  /** an example value as YAML: the description's "e.g.", else the default, else the first allowed value, or '' */
  readonly example: string;
  /** true for a mapping or list of mappings: its keys follow as rows of their own */
  readonly hasChildren: boolean;
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/** a value written as it would be in pipeline.yaml, on one line. */
export function yamlInline(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@*-]+$/.test(value) && !/^(true|false|null|yes|no|\d[\d.]*)$/i.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(yamlInline).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${yamlInline(v)}`).join(', ')} }`.replace('{  }', '{}');
  }
  return String(value);
}

/** text as a markdown code span; a double-backtick span when the text itself holds a backtick. */
export function codeSpan(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function typeOf(node: JsonSchemaNode): string {
  if (node.oneOf ?? node.anyOf) return 'one of the forms below';
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type as string | undefined);
  if (type === 'array') return `list of ${node.items ? typeOf(node.items) : 'anything'}`;
  if (type === 'object' && !node.properties && node.additionalProperties && typeof node.additionalProperties === 'object') {
    return `mapping of name to ${typeOf(node.additionalProperties)}`;
  }
  if (type === 'object') return 'mapping';
  return type ?? 'any value';
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  const big = (n: number) => n >= Number.MAX_SAFE_INTEGER;
  if (min !== undefined && max !== undefined && !big(max)) return `${min}-${max}${unit}`;
  if (min !== undefined) return `>= ${min}${unit}`;
  if (max !== undefined && !big(max)) return `<= ${max}${unit}`;
  return '';
}

function allowedOf(node: JsonSchemaNode): string {
  const parts: string[] = [];
  if (node.const !== undefined) parts.push(codeSpan(yamlInline(node.const)));
  if (node.enum) parts.push(node.enum.map((v) => codeSpan(yamlInline(v))).join(', '));
  if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`);
  const numeric = range(node.minimum, node.maximum, '');
  if (numeric) parts.push(numeric);
  if (node.exclusiveMaximum !== undefined) parts.push(`< ${node.exclusiveMaximum}`);
  const length = range(node.minLength, node.maxLength, ' characters');
  if (length) parts.push(length);
  const items = range(node.minItems, node.maxItems, ' items');
  if (items) parts.push(items);
  if (node.format === 'email') parts.push('e-mail address');
  if (node.pattern && node.format !== 'email') parts.push(`matches ${codeSpan(node.pattern)}`);
  if (node.items && SCALARS.has(String(node.items.type))) {
    const each = allowedOf(node.items);
    if (each) parts.push(`each: ${each}`);
  }
  return parts.join('; ');
}

/**
 * the example a description gives after "e.g.", as written: a quoted string or a [list] whole,
 * anything else up to the next ";", " (" or unmatched ")" or the end.
 */
export function describedExample(description: string | undefined): string | undefined {
  const at = (description ?? '').search(/\be\.g\. /);
  if (at === -1) return undefined;
  const rest = (description ?? '').slice(at + 'e.g. '.length);
  const close = rest.startsWith('"') ? rest.indexOf('"', 1) : rest.startsWith('[') ? rest.indexOf(']') : -1;
  if (close > 0) return rest.slice(0, close + 1);
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (depth === 0 && (ch === ';' || ch === ')' || (ch === '(' && rest[i - 1] === ' '))) return rest.slice(0, i).trim();
    if (ch === '(') depth++;
    if (ch === ')') depth--;
  }
  return rest.trim();
}

function exampleOf(node: JsonSchemaNode): string {
  const described = describedExample(node.description);
  if (described) return codeSpan(described);
  if (node.default !== undefined) return codeSpan(yamlInline(node.default));
  if (node.const !== undefined) return codeSpan(yamlInline(node.const));
  if (node.enum?.length) return codeSpan(yamlInline(node.enum[0]));
  if (node.type === 'boolean') return '`true`';
  if (node.type === 'integer' || node.type === 'number') {
    const low = node.minimum ?? (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + 1 : undefined);
    if (low !== undefined) return codeSpan(String(low));
  }
  if (node.type === 'array' && node.items) {
    const item = exampleOf(node.items);
    if (item) return codeSpan(`[${item.replace(/^`+ ?| ?`+$/g, '')}]`);
  }
  return '';
}

function childrenOf(node: JsonSchemaNode): { suffix: string; node: JsonSchemaNode; required: boolean }[] {
  if (node.properties) {
    return Object.entries(node.properties).map(([key, child]) => ({ suffix: `.${key}`, node: child, required: node.required?.includes(key) ?? false }));
  }
  if (node.items && (node.items.properties || node.items.oneOf)) return childrenOf(node.items).map((c) => ({ ...c, suffix: `[]${c.suffix}` }));
  const entry = node.additionalProperties;
  if (entry && typeof entry === 'object' && (entry.properties || entry.additionalProperties)) return [{ suffix: '.<name>', node: entry, required: false }];
  return [];
}

/**
 * the rows of one JSON Schema node and everything below it, depth first. Lists of scalars are one
 * row (their items' rules in `allowed`); lists of mappings and mappings by name (`<name>`) get rows
 * for their keys. `oneOf` forms are walked by the caller, one section per form.
 */
export function schemaRows(node: JsonSchemaNode, path: string, required: boolean): SchemaRow[] {
  const children = childrenOf(node);
  const defaultValue = node.default !== undefined ? codeSpan(yamlInline(node.default)) : required ? 'required' : 'none';
  const row: SchemaRow = {
    path,
    type: typeOf(node),
    allowed: allowedOf(node),
    defaultValue,
    description: node.description ?? '',
    example: children.length > 0 ? '' : exampleOf(node),
    hasChildren: children.length > 0,
  };
  return [row, ...children.flatMap((c) => schemaRows(c.node, `${path}${c.suffix}`, c.required))];
}
