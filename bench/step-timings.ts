// Times the commands the pipeline's CodeBuild steps run, on a clean clone of the committed HEAD
// (`npm ci` from an empty npm cache and from a warm one included), and writes them to
// bench/measured-steps.json, which the pipeline time model reads. Each command runs once: this
// is a measurement on a shared machine, so the file records the load average beside each figure.
//   npx tsx bench/step-timings.ts [--only typecheck,lint] [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureTree } from './process-tree';

const root = join(__dirname, '..');
const outFile = join(__dirname, 'measured-steps.json');
const { values } = parseArgs({ options: { only: { type: 'string' }, keep: { type: 'boolean', default: false } } });
const only = values.only?.split(',');

/** a command of a pipeline step, as the buildspec runs it. */
const STEPS: readonly { name: string; what: string; command: string; args: string[]; before?: (dir: string) => void }[] = [
  { name: 'npm-ci', what: 'npm ci --no-audit --no-fund, empty npm cache (every build today: CodeBuild starts without a cache)', command: 'npm', args: ['ci', '--no-audit', '--no-fund', '--cache', 'CACHE'], before: (dir) => rmSync(join(dir, '.bench-npm-cache'), { recursive: true, force: true }) },
  { name: 'npm-ci-cached', what: 'npm ci --no-audit --no-fund --prefer-offline with the npm cache of the previous run (a CodeBuild S3 cache of ~/.npm)', command: 'npm', args: ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--cache', 'CACHE'] },
  { name: 'typecheck', what: 'npm run typecheck', command: 'npm', args: ['run', 'typecheck'] },
  { name: 'lint', what: 'npm run lint', command: 'npm', args: ['run', 'lint'] },
  { name: 'test', what: 'npm test -- --ci', command: 'npm', args: ['test', '--', '--ci'] },
  { name: 'synth', what: 'npm run synth (cold, with the compliance packs and CloudFormation validation)', command: 'npm', args: ['run', 'synth'] },
  { name: 'report', what: 'npx mlpipe report cdk.out', command: 'npx', args: ['mlpipe', 'report', 'cdk.out'] },
  { name: 'mlpipe-cli', what: 'npx mlpipe --help (the start-up of the train and smoke-test commands, before they wait on AWS)', command: 'npx', args: ['mlpipe', '--help'] },
  { name: 'npm-install-aws-cdk', what: 'npm install -g aws-cdk@<pinned> (SelfMutate), into a scratch prefix', command: 'npm', args: ['install', '--prefix', 'PREFIX', '--no-audit', '--no-fund', 'aws-cdk@2.1148.1'] },
  { name: 'npm-install-cdk-assets', what: 'npm install -g cdk-assets@<pinned> (asset publishing), into a scratch prefix', command: 'npm', args: ['install', '--prefix', 'PREFIX', '--no-audit', '--no-fund', 'cdk-assets@4.7.3'] },
];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'step-timings-'));
  const clone = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', root, dir], { encoding: 'utf8' });
  if (clone.status !== 0) throw new Error(`git clone of ${root} failed: ${clone.stderr}`);
  const previous = existsSync(outFile) ? (JSON.parse(readFileSync(outFile, 'utf8')) as { commands: Record<string, unknown> }) : { commands: {} };
  const commands: Record<string, unknown> = { ...previous.commands };
  try {
    for (const step of STEPS) {
      // npm ci must run for the later steps, even when only they are re-measured
      const measureIt = !only || only.includes(step.name);
      if (!measureIt && !step.name.startsWith('npm-ci')) continue;
      if (!measureIt && step.name === 'npm-ci-cached') continue;
      step.before?.(dir);
      const prefix = mkdtempSync(join(tmpdir(), 'step-prefix-'));
      const args = step.args.map((a) => (a === 'CACHE' ? join(dir, '.bench-npm-cache') : a === 'PREFIX' ? prefix : a));
      if (step.name.startsWith('npm-ci')) rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
      const run = await measureTree(step.command, args, { cwd: dir, env: { ...process.env, CI: 'true', NPM_CONFIG_UPDATE_NOTIFIER: 'false' } });
      rmSync(prefix, { recursive: true, force: true });
      if (run.status !== 0) throw new Error(`${step.what} failed (exit ${run.status}):\n${run.tail}`);
      process.stdout.write(`${step.name.padEnd(24)} wall ${run.wallSeconds.toFixed(1).padStart(6)} s  CPU ${run.cpuSeconds.toFixed(1).padStart(6)} s  peak ${run.peakTreeRssMib.toFixed(0).padStart(5)} MiB  load ${run.load[0].toFixed(1)}\n`);
      if (measureIt) {
        commands[step.name] = { what: step.what, wallSeconds: Number(run.wallSeconds.toFixed(1)), cpuSeconds: Number(run.cpuSeconds.toFixed(1)), peakTreeRssMib: Math.round(run.peakTreeRssMib), loadAverage: run.load.map((l) => Number(l.toFixed(1))), measuredAt: new Date().toISOString() };
      }
    }
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
  const doc = {
    about: 'commands of the pipeline steps timed on a clean clone by bench/step-timings.ts; read by bench/pipeline-time-model.ts. Wall and CPU seconds on this machine (a shared one: see loadAverage)',
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGib: Number((totalmem() / 2 ** 30).toFixed(1)), node: process.version },
    commands,
  };
  writeFileSync(outFile, `${JSON.stringify(doc, null, 2)}\n`);
}

void main();
