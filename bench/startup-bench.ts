// Start-up benchmark: the wall time of `mlpipe --help` and `mlpipe validate` beside `node -e 0` and
// tsx's loader alone, measured in the same run (interleaved, so machine load hits all alike). The
// goal is `mlpipe --help` within 0.3 s of `node -e 0`. Prints figures; it is not a test.
//   npx tsx bench/startup-bench.ts [--runs 9]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(__dirname, '..');
const bin = join(root, 'bin', 'mlpipe.cjs');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: give a whole number of runs, at least 1`);

const subjects: { label: string; args: string[] }[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: "node -e \"require('tsx/cjs')\"", args: ['-e', "require('tsx/cjs')"] },
  { label: 'mlpipe --help', args: [bin, '--help'] },
  { label: 'mlpipe validate', args: [bin, 'validate', '--quiet'] },
];
const times = new Map(subjects.map((s) => [s.label, [] as number[]]));

for (let i = 0; i < runs + 1; i++) {
  for (const subject of subjects) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, subject.args, { cwd: root, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (run.status !== 0) throw new Error(`${subject.label} failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
    // the first round warms the file cache and tsx's transform cache, and is not counted
    if (i > 0) times.get(subject.label)?.push(seconds);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times.get('node -e 0') ?? []);
process.stdout.write(`start-up on Node ${process.versions.node}, median of ${runs} runs (after one warm-up round):\n\n`);
process.stdout.write(`${'command'.padEnd(32)}${'median'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}${'vs node -e 0'.padStart(16)}\n`);
for (const subject of subjects) {
  const xs = times.get(subject.label) ?? [];
  const m = median(xs);
  const fmt = (s: number) => `${s.toFixed(3)} s`;
  process.stdout.write(`${subject.label.padEnd(32)}${fmt(m).padStart(10)}${fmt(Math.min(...xs)).padStart(10)}${fmt(Math.max(...xs)).padStart(10)}${`+${(m - base).toFixed(3)} s`.padStart(16)}\n`);
}
const help = median(times.get('mlpipe --help') ?? []) - base;
process.stdout.write(`\nmlpipe --help is ${help.toFixed(3)} s slower than node -e 0 (goal: at most 0.300 s): ${help <= 0.3 ? 'met' : 'missed'}\n`);
