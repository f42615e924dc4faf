import { z } from 'zod';
import { endpointSchema } from './endpoint-schema';
import { networkSchema } from './network-schema';
import { configFileSchema } from './schema';

/** a copy of a JSON Schema node in which no key is required (for partial overrides). */
function withoutRequired(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'required' || key === '$schema') continue;
    if (Array.isArray(value)) out[key] = value.map((v) => (v && typeof v === 'object' ? withoutRequired(v as Record<string, unknown>) : v));
    else if (value && typeof value === 'object') out[key] = withoutRequired(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

/**
 * the JSON Schema editors use for pipeline.yaml. Stage and default overrides of `network` and
 * `endpoint` are described with the full section schemas (every key optional), so editors complete
 * them although the loader merges before validating.
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const network = z.toJSONSchema(networkSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const endpoint = z.toJSONSchema(endpointSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const strip = (node: Record<string, unknown>): Record<string, unknown> => withoutRequired(node);
  const props = schema.properties as Record<string, { properties: Record<string, unknown>; items?: { properties: Record<string, unknown> } }>;
  props.defaults.properties.network = strip(network);
  props.defaults.properties.endpoint = strip(endpoint);
  const stageProps = (props.stages.items as { properties: Record<string, unknown> }).properties;
  stageProps.network = strip(network);
  stageProps.endpoint = strip(endpoint);
  schema.title = 'pipeline.yaml';
  schema.description = 'Configuration of the SageMaker CDK pipeline (generated from config/*.ts by `npm run schema`; do not edit)';
  return `${JSON.stringify(schema, null, 2)}\n`;
}
