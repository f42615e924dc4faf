import type { AppConfig, StageConfig } from '../../../config';
import type { CatalogueEntry } from '../../../config/model-definition';
import { endpointName } from '../../../config/names';
import { textTable } from '../release/text-table';

/** the SSM parameter a multi-model endpoint publishes its TargetModel map in (see stages/constructs/served-model-map.ts). */
export function targetModelsParameter(config: Pick<AppConfig, 'project'>, stage: Pick<StageConfig, 'name'>): string {
  return `/${endpointName(config, stage)}/target-models`;
}

/** one model of the catalogue as `mlpipe models` shows it. */
export interface CatalogueRow {
  readonly model: string;
  readonly key: string;
  readonly targetModel: string;
  /** the stages whose endpoint serves it */
  readonly servedBy: readonly string[];
}

/** every model with its key, its TargetModel and the stages serving it. */
export function catalogueRows(config: Pick<AppConfig, 'stages'>, entries: readonly CatalogueEntry[]): CatalogueRow[] {
  return entries.map((e) => ({ model: e.name, key: e.key, targetModel: e.targetModel, servedBy: config.stages.filter((s) => s.models.includes(e.name)).map((s) => s.name) }));
}

/** what one stage's endpoint serves: the endpoint, its kind, and model name -> TargetModel (multi-model) or key. */
export interface StageModels {
  readonly stage: string;
  readonly endpoint: string;
  readonly kind: StageConfig['endpoint']['kind'];
  /** multi-model: the SSM parameter holding `targetModels` */
  readonly parameter?: string;
  /** model name -> TargetModel, for a multi-model endpoint */
  readonly targetModels?: Readonly<Record<string, string>>;
  /** the one model an instance or serverless endpoint serves */
  readonly model?: { readonly name: string; readonly key: string };
}

/** the models a stage's endpoint serves, as its stack publishes them. */
export function stageModels(config: Pick<AppConfig, 'project'>, stage: StageConfig, entries: readonly CatalogueEntry[]): StageModels {
  const served = entries.filter((e) => stage.models.includes(e.name));
  const base = { stage: stage.name, endpoint: endpointName(config, stage), kind: stage.endpoint.kind };
  if (stage.endpoint.kind === 'multiModel') return { ...base, parameter: targetModelsParameter(config, stage), targetModels: Object.fromEntries(served.map((e) => [e.name, e.targetModel])) };
  return { ...base, model: { name: served[0].name, key: served[0].key } };
}

/** the catalogue as a table, then how to invoke a model of each multi-model stage. */
export function formatCatalogue(config: Pick<AppConfig, 'project' | 'stages'>, entries: readonly CatalogueEntry[]): string[] {
  const rows = catalogueRows(config, entries).map((r) => [r.model, r.key, r.targetModel, r.servedBy.join(', ') || '-']);
  const lines = textTable(['MODEL', 'KEY', 'TARGET MODEL (multi-model)', 'SERVED BY'], rows);
  const multi = config.stages.filter((s) => s.endpoint.kind === 'multiModel');
  for (const stage of multi) {
    const first = entries.find((e) => stage.models.includes(e.name));
    if (!first) continue;
    lines.push(
      '',
      `${stage.name} (multi-model endpoint ${endpointName(config, stage)}): the map is in SSM parameter ${targetModelsParameter(config, stage)} and stack output TargetModels; invoke a model with its TargetModel, e.g.`,
      `  aws sagemaker-runtime invoke-endpoint --endpoint-name ${endpointName(config, stage)} --target-model ${first.targetModel} --content-type text/csv --body fileb://row.csv out.csv`,
    );
  }
  return lines;
}
