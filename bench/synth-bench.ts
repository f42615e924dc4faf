// Synth benchmark: the median wall time of cold `npm run synth` runs (each a fresh process with the
// compliance packs), and the pipeline's critical path and CodeBuild project count for our settings
// next to CDK Pipelines' defaults. Prints figures; it is not a test.
//   npx tsx bench/synth-bench.ts [--runs 5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../config';
import { buildApp } from '../pipeline/build-app';
import { pipelineMetrics } from './pipeline-metrics';

const root = join(__dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: give a whole number of runs, at least 1`);

const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const out = mkdtempSync(join(tmpdir(), 'synth-bench-'));
  const start = process.hrtime.bigint();
  const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--strict', '--output', out], { cwd: root, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rmSync(out, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`synth run ${i + 1} failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
  times.push(seconds);
  process.stdout.write(`synth run ${i + 1}/${runs}: ${seconds.toFixed(2)} s\n`);
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];

const config = loadConfig(join(root, 'pipeline.yaml'));
const ours = pipelineMetrics(Template.fromStack(buildApp(config, {}, { compliance: false }).pipelineStack).toJSON() as never);
const defaults = pipelineMetrics(Template.fromStack(buildApp(config, {}, { compliance: false, cdkPipelinesDefaults: true }).pipelineStack).toJSON() as never);

process.stdout.write(`\nmedian of ${runs} cold synths (npm run synth, with the compliance packs): ${median.toFixed(2)} s (min ${sorted[0].toFixed(2)}, max ${sorted[sorted.length - 1].toFixed(2)})\n\n`);
const row = (label: string, a: number, b: number) => `${label.padEnd(44)}${String(a).padStart(10)}${String(b).padStart(26)}\n`;
process.stdout.write(`${''.padEnd(44)}${'ours'.padStart(10)}${'CDK Pipelines defaults'.padStart(26)}\n`);
process.stdout.write(row('sequential actions, Source to last deploy', ours.criticalPathActions, defaults.criticalPathActions));
process.stdout.write(row('CodeBuild projects', ours.codeBuildProjects, defaults.codeBuildProjects));
process.stdout.write(row('CodePipeline stages', ours.stages, defaults.stages));
