import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLineage } from './model-lineage';
import type { LineageSources, ModelLineage } from './model-lineage';
import { readServedModels } from './read-served-models';

/** the lineage files written beside the compliance report. */
export const LINEAGE_FILES = { lineage: 'lineage.md', lineageJson: 'lineage.json' } as const;

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** the lineage as Markdown: one table row per stage and model, then where each value comes from. */
export function renderLineage(lineage: ModelLineage): string {
  const lines = ['# Model lineage', '', 'For each stage: model -> version -> training job -> commit -> data versions.', ''];
  if (lineage.rows.length === 0) lines.push('No endpoint of this assembly records the model versions it serves.', '');
  else {
    lines.push('| stage | model | version | training job | commit | data versions |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of lineage.rows) {
      const version = `${r.group} ${r.version === undefined ? `(identity ${r.identity.slice(0, 12)}…)` : `v${r.version}`}`;
      const commit = r.commit ?? (r.training === 'skipped' ? 'earlier (skipped: the version records it)' : '-');
      const data = r.dataVersions ? Object.entries(r.dataVersions).map(([c, v]) => `${c}=${v}`).join(', ') : '-';
      lines.push(`| ${[r.stage, r.model, version, r.trainingJob ?? `- (${r.training})`, commit, data].map(cell).join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push('Where each value comes from:', '', ...lineage.sources.map((s) => `- ${s}`), '');
  return lines.join('\n');
}

/** reads the served models from the assembly, joins the sources and writes lineage.md and lineage.json into outDir. */
export function writeLineage(assemblyDir: string, outDir: string, sources: LineageSources): Record<keyof typeof LINEAGE_FILES, string> {
  const lineage = buildLineage(readServedModels(assemblyDir), sources);
  const files = { lineage: join(outDir, LINEAGE_FILES.lineage), lineageJson: join(outDir, LINEAGE_FILES.lineageJson) };
  writeFileSync(files.lineage, renderLineage(lineage));
  writeFileSync(files.lineageJson, `${JSON.stringify(lineage, null, 2)}\n`);
  return files;
}
