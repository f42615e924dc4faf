// Prints the pipeline time model: minutes from Source to the end of each stage for our settings
// and for CDK Pipelines' defaults, for a commit that changes the model and one that does not
// (training skipped, endpoints unchanged). Reads the pipeline synthesized from pipeline.yaml (or
// MLPIPE_CONFIG). Prints figures; it is not a test.
//   npx tsx bench/pipeline-time.ts [--actions]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config';
import type { AppConfig } from '../config';
import { buildApp } from '../pipeline/build-app';
import { pipelineTime } from './pipeline-time-model';
import type { CommitKind, Estimates, PipelineTime, SynthesizedPipeline, TemplateJson } from './pipeline-time-model';

/** the estimates (bench/pipeline-estimates.json) with the measured commands (bench/measured-steps.json). */
export function readEstimates(): Estimates {
  const cited = JSON.parse(readFileSync(join(__dirname, 'pipeline-estimates.json'), 'utf8')) as Omit<Estimates, 'commands'>;
  const measured = JSON.parse(readFileSync(join(__dirname, 'measured-steps.json'), 'utf8')) as { commands: Estimates['commands'] };
  return { ...cited, commands: measured.commands };
}

/** synthesizes the app (without the compliance packs: they do not change the pipeline) and reads what the model needs. */
export function synthesizePipeline(config: AppConfig, cdkPipelinesDefaults: boolean): SynthesizedPipeline {
  const outdir = mkdtempSync(join(tmpdir(), 'pipeline-time-'));
  try {
    const { app, pipelineStack } = buildApp(config, { outdir }, { compliance: false, cdkPipelinesDefaults });
    const assembly = app.synth();
    const stackTemplates: Record<string, TemplateJson> = {};
    for (const stack of assembly.stacksRecursively) stackTemplates[stack.stackName] = stack.template as TemplateJson;
    const buildspecFiles: Record<string, unknown> = {};
    for (const file of readdirSync(outdir).filter((f) => /^buildspec-.*\.ya?ml$/.test(f))) buildspecFiles[file] = parse(readFileSync(join(outdir, file), 'utf8'));
    return { pipelineTemplate: stackTemplates[pipelineStack.stackName], stackTemplates, buildspecFiles };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** the four model runs: ours and CDK Pipelines' defaults, each for both kinds of commit. */
export function pipelineTimes(config: AppConfig, estimates: Estimates): Record<'ours' | 'defaults', Record<CommitKind, PipelineTime>> {
  const ours = synthesizePipeline(config, false);
  const defaults = synthesizePipeline(config, true);
  const both = (p: SynthesizedPipeline) => ({ 'model-change': pipelineTime(p, estimates, 'model-change'), 'no-model-change': pipelineTime(p, estimates, 'no-model-change') });
  return { ours: both(ours), defaults: both(defaults) };
}

/** the table of minutes to the end of each stage. */
export function pipelineTimeLines(times: ReturnType<typeof pipelineTimes>, withActions = false): string[] {
  const columns: [string, PipelineTime][] = [
    ['ours, model', times.ours['model-change']],
    ['defaults, model', times.defaults['model-change']],
    ['ours, no model', times.ours['no-model-change']],
    ['defaults, no model', times.defaults['no-model-change']],
  ];
  const stages = [...new Set(columns.flatMap(([, t]) => t.stageEnds.map((s) => s.stage)))];
  const cell = (t: PipelineTime, stage: string) => {
    const end = t.stageEnds.find((s) => s.stage === stage);
    return end ? end.minutes.toFixed(1) : '-';
  };
  const lines = [
    'minutes from the start of Source to the end of each stage (critical path; manual approvals count 0):',
    `${'stage'.padEnd(16)}${columns.map(([label]) => label.padStart(20)).join('')}`,
    ...stages.map((stage) => `${stage.padEnd(16)}${columns.map(([, t]) => cell(t, stage).padStart(20)).join('')}`),
  ];
  const approvals = columns[0][1].approvals;
  if (approvals.length > 0) lines.push(`(plus the wait for ${approvals.join(', ')})`);
  if (withActions) {
    for (const [label, t] of columns) {
      lines.push('', `${label}: every action`);
      for (const a of t.actions) lines.push(`  ${`${a.stage}/${a.action}`.padEnd(44)} run order ${String(a.runOrder).padEnd(3)} ${a.minutes.toFixed(2).padStart(6)} min  ${a.basis}`);
    }
  }
  return lines;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { actions: { type: 'boolean', default: false } } });
  const config = loadConfig(process.env.MLPIPE_CONFIG ?? join(__dirname, '..', DEFAULT_CONFIG_FILE));
  process.stdout.write(`${pipelineTimeLines(pipelineTimes(config, readEstimates()), values.actions).join('\n')}\n`);
}
