import type { Style } from '../release/style';
import { textTable } from '../release/text-table';
import type { MarkedVersion } from './mark-versions';
import type { ModelComparison, PromotionModels, ReleaseModels, VersionView } from './release-models';

function metricText(version: VersionView | undefined, metric: string | undefined): string {
  if (!version) return '-';
  const value = metric === undefined ? undefined : version.metrics[metric];
  return `v${version.version}${value === undefined ? '' : ` ${value}`}`;
}

function verdictText(comparison: ModelComparison, style: Style): string {
  if (comparison.verdict === 'better') return style.good('better');
  if (comparison.verdict === 'worse') return style.bad('worse');
  if (comparison.verdict === 'new') return 'new (not served yet)';
  return comparison.verdict;
}

/** the versions a pending approval would promote, next to the stage's, as table lines. */
export function formatPromotion(promotion: PromotionModels, style: Style): string[] {
  const lines = [`  ${style.bold(`${promotion.stageName} / ${promotion.actionName}`)} would deploy (execution ${promotion.pipelineExecutionId}):`];
  if (promotion.models.length === 0) return [...lines, '    no model versions recorded (the execution\'s Train step exported no MODEL_VERSIONS)'];
  const rows = promotion.models.map((m) => [m.model, m.metric ?? '?', metricText(m.candidate, m.metric), metricText(m.current, m.metric), verdictText(m, style)]);
  return [...lines, ...textTable(['MODEL', 'GATE METRIC', 'CANDIDATE', promotion.stageName.toUpperCase(), 'VERDICT'].map(style.bold), rows).map((l) => `    ${l}`)];
}

/** the registry part of `mlpipe status`: per stage the versions served, then each pending promotion. */
export function formatReleaseModels(models: ReleaseModels, style: Style): string {
  const lines = [style.bold('model versions served:')];
  const rows = models.stages.flatMap((stage) =>
    stage.versions.length === 0
      ? [[stage.stage, style.dim('(none recorded)'), '', '']]
      : stage.versions.map((v) => [stage.stage, `${v.model} v${v.version}`, v.status, Object.entries(v.metrics).map(([k, n]) => `${k}=${n}`).join(' ')]),
  );
  lines.push(...textTable(['STAGE', 'MODEL VERSION', 'REGISTRY STATUS', 'METRICS'].map(style.bold), rows).map((l) => `  ${l}`));
  for (const promotion of models.promotions) lines.push('', ...formatPromotion(promotion, style));
  return `${lines.join('\n')}\n`;
}

/** what `mlpipe reject` did to the rejected promotion's versions, as lines under `model registry:`. */
export function formatRejection(models: { readonly promotion?: PromotionModels; readonly error?: string }, rejection: { readonly marked?: readonly MarkedVersion[]; readonly error?: string }): string {
  const lines = ['model registry:'];
  const marked = rejection.marked ?? [];
  if (!models.promotion) lines.push(`  model versions: could not be read: ${models.error ?? 'no promotion found'}`);
  else if (rejection.error) lines.push(`  the versions could not be marked Rejected: ${rejection.error}`);
  else if (marked.length === 0) lines.push('  no model versions recorded for this execution (its Train step exported no MODEL_VERSIONS)');
  else marked.forEach((m, i) => lines.push(`  ${models.promotion?.models[i].model} v${m.version}: ${m.kept ? `stays ${m.now} (${m.kept})` : `${m.was} -> ${m.now}`}`));
  return `${lines.join('\n')}\n`;
}
