import type { z } from 'zod';
import type { AppConfig, StageConfig } from './app-config';
import type { ConfigProblem } from './config-error';
import { deepMerge, formatPath, valueAt } from './deep-merge';
import type { EndpointConfig } from './endpoint-schema';
import { endpointSchemaFor } from './endpoint-schema';
import { configErrorMap } from './error-map';
import type { NetworkConfig } from './network-schema';
import { explainabilityProblems } from './explainability-check';
import { monitoringProblems } from './monitoring-check';
import type { ModelConfig } from './model-catalogue-schema';
import { networkSchema } from './network-schema';
import { resolveModels, unknownModelMessage } from './resolve-models';
import { configFileSchema } from './schema';
import { frameworkProblems, withFrameworkDefaults } from './framework-rules';

/** the unknown keys of an issue (none for other issues). */
const unknownKeys = (issue: z.core.$ZodIssue): readonly string[] => (issue.code === 'unrecognized_keys' ? issue.keys : []);

function problemsOf(issues: readonly z.core.$ZodIssue[], document: unknown, prefix: readonly PropertyKey[] = []): ConfigProblem[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    // an unknown key is reported on its mapping; point at the key itself when there is one. Its
    // value is not shown: the problem is the key's name, not what it holds
    const keys = unknownKeys(issue);
    if (keys.length > 0) return { path: formatPath(keys.length === 1 ? [...path, keys[0]] : path), value: undefined, message: issue.message };
    return { path: formatPath(path), value: valueAt(document, path), message: issue.message };
  });
}

/**
 * every problem once: the same message at the same place (a default that several stages
 * inherit) is reported once, naming all the stages that inherit it.
 */
function once(problems: readonly SectionProblem[]): ConfigProblem[] {
  const merged = new Map<string, { problem: ConfigProblem; stages: string[] }>();
  for (const { inheritedBy, ...problem } of problems) {
    const id = `${problem.path}\u0000${problem.message}\u0000${JSON.stringify(problem.value)}`;
    const entry = merged.get(id) ?? { problem, stages: [] };
    if (inheritedBy !== undefined && !entry.stages.includes(inheritedBy)) entry.stages.push(inheritedBy);
    merged.set(id, entry);
  }
  return [...merged.values()].map(({ problem, stages }) =>
    stages.length === 0 ? problem : { ...problem, path: `${problem.path} (inherited by stage${stages.length > 1 ? 's' : ''} ${stages.map((s) => `"${s}"`).join(', ')})` },
  );
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
): SectionProblem[] {
  return issues.flatMap((issue) => {
    const stagePath: PropertyKey[] = ['stages', stageIndex, section, ...issue.path];
    const defaultsPath: PropertyKey[] = ['defaults', section, ...issue.path];
    const keys = unknownKeys(issue);
    if (keys.length > 0) {
      // an unknown key is reported once, where it was written: the stage's override or the defaults
      const where = valueAt(document, [...stagePath, keys[0]]) !== undefined ? stagePath : defaultsPath;
      return [{ path: formatPath(keys.length === 1 ? [...where, keys[0]] : where), value: undefined, message: issue.message }];
    }
    const fromStage = valueAt(document, stagePath) !== undefined || issue.path.length === 0;
    if (fromStage) return [{ path: formatPath(stagePath), value: valueAt(merged, issue.path), message: issue.message }];
    return [{ path: formatPath(defaultsPath), value: valueAt(merged, issue.path), message: issue.message, inheritedBy: stageName }];
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

/** a problem of a stage's section; `inheritedBy` names the stage when the bad value is a default it inherits. */
type SectionProblem = ConfigProblem & { readonly inheritedBy?: string };

interface SectionResult {
  readonly problems: SectionProblem[];
  readonly network?: NetworkConfig;
  readonly endpoint?: EndpointConfig;
}

/** merges a stage's network and endpoint overrides into the defaults and validates both. */
function validateSections(defaults: { network: unknown; endpoint: unknown }, stage: StageSections, index: number, document: unknown): SectionResult {
  const problems: SectionProblem[] = [];
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
function rawSectionProblems(document: unknown): SectionProblem[] {
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
  const parsed = configFileSchema.safeParse(withFrameworkDefaults(document ?? {}), { error: configErrorMap });
  if (!parsed.success) return { ok: false, problems: once([...problemsOf(parsed.error.issues, document), ...rawSectionProblems(document)]) };

  const file = parsed.data;
  const catalogue = resolveModels(file.training, file.models, document);
  const problems: SectionProblem[] = [...catalogue.problems];
  const stages: StageConfig[] = [];
  file.stages.forEach((stage, index) => {
    const result = validateSections(file.defaults, stage, index, document);
    problems.push(...result.problems);
    if (!result.network || !result.endpoint) return;
    const served = catalogue.problems.length === 0 ? servedModels(result.endpoint, catalogue.models, index, stage.name, document) : { names: [], problems: [] };
    problems.push(...served.problems);
    const explained = catalogue.models.find((m) => m.name === served.names[0]);
    if (explained && served.problems.length === 0) problems.push(...explainabilityProblems(result.endpoint, explained, index, stage.name, document));
    if (explained && served.problems.length === 0) problems.push(...monitoringProblems(result.endpoint, explained, { index, name: stage.name, regions: stage.regions, account: stage.account, tooling: file.tooling }, document));
    stages.push({ ...stage, index, network: result.network, endpoint: result.endpoint, models: served.names });
  });
  if (problems.length === 0) problems.push(...frameworkProblems(file.tooling.region, catalogue.models, stages, document));
  if (problems.length > 0) return { ok: false, problems: once(problems) };

  const { defaults: _defaults, stages: _stages, models: _models, ...rest } = file;
  return { ok: true, config: { ...rest, stages, models: catalogue.models } };
}
