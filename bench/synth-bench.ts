// Synth benchmark: the median wall and CPU time of cold `npm run synth` runs (each a fresh process
// tree with the compliance packs and aws-cdk-lib's CloudFormation validation, into a fresh output
// folder), next to the goal, and the pipeline's critical path and CodeBuild project count for our
// settings next to CDK Pipelines' defaults. Prints figures; it is not a test.
//   npx tsx bench/synth-bench.ts [--runs 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../config';
import { buildApp } from '../pipeline/build-app';
import { pipelineMetrics } from './pipeline-metrics';
import { measureTree, median } from './process-tree';
import type { TreeMeasurement } from './process-tree';

/** the goal of issue 15: median cold `npm run synth` on 2 cores. */
export const SYNTH_GOAL_SECONDS = 8;

/** `runs` cold synths of the app in `root`. */
export async function runSynthBench(root: string, runs: number): Promise<TreeMeasurement[]> {
  const results: TreeMeasurement[] = [];
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'synth-bench-'));
    // `npm run synth` with the output elsewhere, so cdk.out is left alone
    const run = await measureTree('npm', ['run', 'synth', '--', '--output', out], { cwd: root });
    rmSync(out, { recursive: true, force: true });
    if (run.status !== 0) throw new Error(`synth run ${i + 1} failed (exit ${run.status}):\n${run.tail}`);
    results.push(run);
  }
  return results;
}

/** the lines that print the runs next to the goal. */
export function synthBenchLines(results: readonly TreeMeasurement[]): string[] {
  const wall = median(results.map((r) => r.wallSeconds));
  const cpu = median(results.map((r) => r.cpuSeconds));
  const loads = results.map((r) => r.load[0]);
  return [
    `npm run synth (cold, compliance packs and CloudFormation validation), median of ${results.length}:`,
    `  wall ${wall.toFixed(2)} s (goal <= ${SYNTH_GOAL_SECONDS} s: ${wall <= SYNTH_GOAL_SECONDS ? 'meets goal' : 'MISSES goal'}; runs ${results.map((r) => r.wallSeconds.toFixed(2)).join(', ')})`,
    `  CPU ${cpu.toFixed(2)} s, peak RSS of the process tree ${Math.max(...results.map((r) => r.peakTreeRssMib)).toFixed(0)} MiB, load average ${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)} at the starts`,
  ];
}

if (require.main === module) {
  const root = join(__dirname, '..');
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: give a whole number of runs, at least 1`);
  void runSynthBench(root, runs).then((results) => {
    const config = loadConfig(join(root, 'pipeline.yaml'));
    const ours = pipelineMetrics(Template.fromStack(buildApp(config, {}, { compliance: false }).pipelineStack).toJSON() as never);
    const defaults = pipelineMetrics(Template.fromStack(buildApp(config, {}, { compliance: false, cdkPipelinesDefaults: true }).pipelineStack).toJSON() as never);
    const row = (label: string, a: number, b: number) => `${label.padEnd(44)}${String(a).padStart(10)}${String(b).padStart(26)}\n`;
    process.stdout.write(`${synthBenchLines(results).join('\n')}\n\n`);
    process.stdout.write(`${''.padEnd(44)}${'ours'.padStart(10)}${'CDK Pipelines defaults'.padStart(26)}\n`);
    process.stdout.write(row('sequential actions, Source to last deploy', ours.criticalPathActions, defaults.criticalPathActions));
    process.stdout.write(row('CodeBuild projects', ours.codeBuildProjects, defaults.codeBuildProjects));
    process.stdout.write(row('CodePipeline stages', ours.stages, defaults.stages));
  });
}
