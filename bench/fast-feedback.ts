// Every figure of issue 15 in one run, each next to its goal: cold synth (median), the test suite
// (time, peak memory of the process tree, tests and assertions) and the pipeline time model
// (minutes from commit to each stage, ours beside CDK Pipelines' defaults). Prints figures; it is
// not a test. Takes a few minutes: it runs the whole test suite once.
//   npm run bench:feedback [-- --synth-runs 3] [-- --skip-tests]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config';
import { pipelineTimeLines, pipelineTimes, readEstimates } from './pipeline-time';
import { runSynthBench, synthBenchLines } from './synth-bench';
import { runTestBench, testBenchLines } from './test-bench';

async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const { values } = parseArgs({ options: { 'synth-runs': { type: 'string', default: '3' }, 'skip-tests': { type: 'boolean', default: false } } });
  const runs = Number(values['synth-runs']);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--synth-runs ${values['synth-runs']}: give a whole number of runs, at least 1`);
  const out = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n\n`);
  out([`fast feedback figures, ${new Date().toISOString()}, Node ${process.versions.node}`]);
  const config = loadConfig(process.env.MLPIPE_CONFIG ?? join(root, DEFAULT_CONFIG_FILE));
  out(pipelineTimeLines(pipelineTimes(config, readEstimates())));
  out(synthBenchLines(await runSynthBench(root, runs)));
  if (!values['skip-tests']) out(testBenchLines(await runTestBench(root)));
}

void main();
