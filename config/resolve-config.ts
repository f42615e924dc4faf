import type { z } from 'zod';
import type { AppConfig, StageConfig } from './app-config';
import type { ConfigProblem } from './config-error';
import { deepMerge, formatPath, valueAt } from './deep-merge';
import type { EndpointConfig } from './endpoint-schema';
import { endpointSchemaFor } from './endpoint-schema';
import { configErrorMap } from './error-map';
import type { NetworkConfig } from './network-schema';
import { explainabilityProblems } from './explainability-check';
import type { ModelConfig } from './model-catalogue-schema';
import { networkSchema } from './network-schema';
import { resolveModels, unknownModelMessage } from './resolve-models';
import { configFileSchema } from './schema';

function problemsOf(issues: readonly z.core.$ZodIssue[], document: unknown, prefix: readonly PropertyKey[] = []): ConfigProblem[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    // an unknown key is reported on its mapping; point at the key itself when there is one
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const at = keys.length === 1 ? [...path, keys[0]] : path;
    return { path: formatPath(at), value: valueAt(document, at), message: issue.message };
  });
}

/**
 * a merged section's problem points at the stage's override when the bad value came from it,
 * and at `defaults.<section>` otherwise, naming the stage that inherited it.
 */
function sectionProblems(
  issues: readonly z.core.$ZodIssue[],
  document: unknown,
  merged: unknown,
  stageIndex: number,
  stageName: string,
  section: 'network' | 'endpoint',
): ConfigProblem[] {
  return issues.map((issue) => {
    const stagePath: PropertyKey[] = ['stages', stageIndex, section, ...issue.path];
    const fromStage = valueAt(document, stagePath) !== undefined || issue.path.length === 0;
    const path = fromStage ? formatPath(stagePath) : `${formatPath(['defaults', section, ...issue.path])} (inherited by stage "${stageName}")`;
    return { path, value: valueAt(merged, issue.path), message: issue.message };
  });
}

/** the result of validating a parsed document: the config, or every problem found. */
export type ResolveResult = { readonly ok: true; readonly config: AppConfig } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

type Environment = 'development' | 'staging' | 'production';

/** the parts of one stage that section validation needs, from a valid or a raw stage entry. */
interface StageSections {
  readonly name: string;
  readonly environment: Environment;
  readonly network: unknown;
  readonly endpoint: unknown;
}

interface SectionResult {
  readonly problems: ConfigProblem[];
  readonly network?: NetworkConfig;
  readonly endpoint?: EndpointConfig;
}

/** merges a stage's network and endpoint overrides into the defaults and validates both. */
function validateSections(defaults: { network: unknown; endpoint: unknown }, stage: StageSections, index: number, document: unknown): SectionResult {
  const problems: ConfigProblem[] = [];
  const mergedNetwork = deepMerge(defaults.network, stage.network);
  const network = networkSchema.safeParse(mergedNetwork, { error: configErrorMap });
  if (!network.success) problems.push(...sectionProblems(network.error.issues, document, mergedNetwork, index, stage.name, 'network'));
  const mergedEndpoint = deepMerge(defaults.endpoint, stage.endpoint);
  const endpoint = endpointSchemaFor(stage).safeParse(mergedEndpoint, { error: configErrorMap });
  if (!endpoint.success) problems.push(...sectionProblems(endpoint.error.issues, document, mergedEndpoint, index, stage.name, 'endpoint'));
  return { problems, network: network.success ? network.data : undefined, endpoint: endpoint.success ? endpoint.data : undefined };
}

const mappingOr = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * when the file itself has problems, the stages' sections are still checked from the raw
 * document, so one run reports everything wrong rather than one layer at a time.
 */
function rawSectionProblems(document: unknown): ConfigProblem[] {
  const raw = mappingOr(document);
  const defaults = mappingOr(raw.defaults);
  const stages = Array.isArray(raw.stages) ? raw.stages : [];
  return stages.flatMap((entry, index) => {
    const stage = mappingOr(entry);
    const environment = (['development', 'staging', 'production'] as const).find((e) => e === stage.environment) ?? 'staging';
    const name = typeof stage.name === 'string' ? stage.name : `#${index}`;
    const sections = { name, environment, network: mappingOr(stage.network), endpoint: mappingOr(stage.endpoint) };
    return validateSections({ network: mappingOr(defaults.network), endpoint: mappingOr(defaults.endpoint) }, sections, index, document).problems;
  });
}

/**
 * the models a stage's endpoint serves, in catalogue order, or the problems of the names it gives
 * (pointing at the stage's override or at `defaults.endpoint`, as sectionProblems does).
 */
function servedModels(endpoint: EndpointConfig, models: readonly ModelConfig[], index: number, stageName: string, document: unknown): { names: string[]; problems: ConfigProblem[] } {
  const names = models.map((m) => m.name);
  const field = endpoint.kind === 'multiModel' ? 'models' : 'model';
  const asked = endpoint.kind === 'multiModel' ? (endpoint.models ?? names) : [endpoint.model ?? names[0]];
  const problems: ConfigProblem[] = [];
  asked.forEach((name, i) => {
    if (names.includes(name)) return;
    const at: PropertyKey[] = field === 'models' ? [field, i] : [field];
    const stagePath: PropertyKey[] = ['stages', index, 'endpoint', ...at];
    const path = valueAt(document, stagePath) !== undefined ? formatPath(stagePath) : `${formatPath(['defaults', 'endpoint', ...at])} (inherited by stage "${stageName}")`;
    problems.push({ path, value: name, message: unknownModelMessage(models) });
  });
  return { names: names.filter((n) => asked.includes(n)), problems };
}

/** validates a parsed YAML/JSON document and merges each stage's overrides into the defaults. */
export function resolveConfig(document: unknown): ResolveResult {
  const parsed = configFileSchema.safeParse(document ?? {}, { error: configErrorMap });
  if (!parsed.success) return { ok: false, problems: [...problemsOf(parsed.error.issues, document), ...rawSectionProblems(document)] };

  const file = parsed.data;
  const catalogue = resolveModels(file.training, file.models, document);
  const problems: ConfigProblem[] = [...catalogue.problems];
  const stages: StageConfig[] = [];
  file.stages.forEach((stage, index) => {
    const result = validateSections(file.defaults, stage, index, document);
    problems.push(...result.problems);
    if (!result.network || !result.endpoint) return;
    const served = catalogue.problems.length === 0 ? servedModels(result.endpoint, catalogue.models, index, stage.name, document) : { names: [], problems: [] };
    problems.push(...served.problems);
    const explained = catalogue.models.find((m) => m.name === served.names[0]);
    if (explained && served.problems.length === 0) problems.push(...explainabilityProblems(result.endpoint, explained, index, stage.name, document));
    stages.push({ ...stage, index, network: result.network, endpoint: result.endpoint, models: served.names });
  });
  if (problems.length > 0) return { ok: false, problems };

  const { defaults: _defaults, stages: _stages, models: _models, ...rest } = file;
  return { ok: true, config: { ...rest, stages, models: catalogue.models } };
}
