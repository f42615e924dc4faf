// Serving benchmark: requests per second and p50/p99 latency at 32 connections for single-row CSV
// predictions, for the serving program (compiled to JavaScript and run with node, as in the image)
// and, in the same run, for a bare node:http server answering a fixed body (this machine's ceiling).
// Prints figures; it is not a test. Goal: >= 70 % of the ceiling's throughput and p99 < 5 ms.
//   npx tsx bench/serving-bench.ts [--seconds 5] [--rounds 5] [--warmup 2] [--connections 32]
// The two servers are measured back to back in each round; the table shows each figure's median over
// the rounds and the ratio is the median of the per-round ratios, so a burst of other work on a shared
// machine does not land on one server only.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeTrainingInputs } from '../containers/sample-data/src/training-inputs';
import { runLoadTest } from '../cli/lib/local/load-test';
import type { LoadTestResult } from '../cli/lib/local/load-test';

const root = join(__dirname, '..');
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '5' }, warmup: { type: 'string', default: '2' }, connections: { type: 'string', default: '32' } } });
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
for (const [flag, value] of [['--seconds', seconds], ['--rounds', rounds], ['--warmup', warmup], ['--connections', connections]] as const) {
  if (!Number.isFinite(value) || value < 0 || (flag !== '--warmup' && value < 1)) throw new Error(`${flag} ${value}: give a positive number`);
}

const ROW = '5.9,3.0,4.2,1.5';
const work = mkdtempSync(join(tmpdir(), 'serving-bench-'));
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** starts a server whose stdout goes to a file (as to a container log driver) and reads its port from there. */
async function startServer(args: string[], env: NodeJS.ProcessEnv, name: string): Promise<{ port: number; pid: number | undefined }> {
  const logFile = join(work, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', fd, 'inherit'] });
  closeSync(fd);
  children.push(child);
  for (let i = 0; i < 200; i++) {
    const listening = /"event":"listening","port":(\d+)/.exec(readFileSync(logFile, 'utf8'));
    if (listening && (name !== 'serving' || readFileSync(logFile, 'utf8').includes('"event":"model-loaded"'))) return { port: Number(listening[1]), pid: child.pid };
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} did not start within 10 s`);
}

async function main(): Promise<void> {
  const dist = join(work, 'dist');
  process.stdout.write('compiling containers/ as the image build stage does (tsc -p containers/tsconfig.build.json)\n');
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'containers', 'tsconfig.build.json'), '--outDir', dist]);
  const ml = join(work, 'ml');
  await writeTrainingInputs(ml, { hyperparameters: { epochs: '20' } });
  run(process.execPath, [join(dist, 'training', 'src', 'main.js'), 'train'], { ...process.env, SM_ROOT: ml, NODE_PATH: join(root, 'node_modules') });

  const serveEnv = { ...process.env, NODE_ENV: 'production', SM_ROOT: ml, SAGEMAKER_BIND_TO_PORT: '0', SERVING_HOST: '127.0.0.1' };
  const serving_ = await startServer([join(dist, 'serving', 'src', 'main.js'), 'serve'], serveEnv, 'serving');
  const probe = await fetch(`http://127.0.0.1:${serving_.port}/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: ROW });
  const fixedBody = await probe.text();
  if (probe.status !== 200) throw new Error(`the serving program answered ${probe.status}: ${fixedBody}`);

  const bare = `const http = require('node:http'); const body = Buffer.from(${JSON.stringify(fixedBody)});
    const server = http.createServer((req, res) => { res.writeHead(200, ['content-type', 'text/csv', 'content-length', String(body.length)]); res.end(body); });
    server.keepAliveTimeout = 65000;
    server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ event: 'listening', port: server.address().port }) + '\\n'));`;
  const bare_ = await startServer(['-e', bare], { ...process.env, NODE_ENV: 'production' }, 'bare');

  const load = (port: number, duration: number) => runLoadTest({ url: `http://127.0.0.1:${port}/invocations`, connections, durationSeconds: duration || seconds, body: ROW, headers: { 'content-type': 'text/csv' } });
  process.stdout.write(`load: ${connections} connections, single-row CSV POST /invocations, ${rounds} alternating rounds of ${seconds} s per server (after ${warmup} s warm-up each)\n`);
  const servers: [string, { port: number; pid: number | undefined }][] = [['bare node:http (fixed body)', bare_], ['serving program (compiled)', serving_]];
  const rounds_: LoadTestResult[][] = [[], []];
  const cpuPerRequest: number[][] = [[], []];
  for (let round = 0; round < rounds; round++) {
    for (let s = 0; s < servers.length; s++) {
      if (round === 0 && warmup > 0) await load(servers[s][1].port, warmup);
      const before = cpuSeconds(servers[s][1].pid);
      const r = await load(servers[s][1].port, 0);
      const after = cpuSeconds(servers[s][1].pid);
      const cpu = before !== undefined && after !== undefined ? ((after - before) * 1e6) / r.requests : NaN;
      rounds_[s].push(r);
      cpuPerRequest[s].push(cpu);
      process.stdout.write(`  round ${round + 1} ${servers[s][0].padEnd(30)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms.toFixed(3)} ms  p99 ${r.p99Ms.toFixed(3)} ms  ${cpu.toFixed(1)} us CPU/request\n`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = (rs: LoadTestResult[]): LoadTestResult => ({
    requests: median(rs.map((r) => r.requests)),
    requestsPerSecond: median(rs.map((r) => r.requestsPerSecond)),
    p50Ms: median(rs.map((r) => r.p50Ms)),
    p99Ms: median(rs.map((r) => r.p99Ms)),
    errors: rs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: rs.reduce((sum, r) => sum + r.non2xx, 0),
  });
  const results: [string, LoadTestResult][] = servers.map(([name], s) => [name, summary(rounds_[s])]);
  process.stdout.write(`\nmedians over ${rounds} rounds\n${'server'.padEnd(30)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'CPU us/req'.padStart(12)}${'non-2xx'.padStart(10)}${'errors'.padStart(10)}\n`);
  results.forEach(([name, r], s) => {
    process.stdout.write(`${name.padEnd(30)}${r.requestsPerSecond.toFixed(0).padStart(10)}${r.p50Ms.toFixed(3).padStart(10)}${r.p99Ms.toFixed(3).padStart(10)}${median(cpuPerRequest[s]).toFixed(1).padStart(12)}${String(r.non2xx).padStart(10)}${String(r.errors).padStart(10)}\n`);
  });
  const serving = results[1][1];
  const ratios = rounds_[1].map((r, i) => r.requestsPerSecond / rounds_[0][i].requestsPerSecond);
  const ratio = median(ratios);
  process.stdout.write(`\nthroughput ratio serving/ceiling: ${(100 * ratio).toFixed(1)} % (median of the rounds: ${ratios.map((x) => `${(100 * x).toFixed(0)} %`).join(', ')}; goal >= 70 %); serving p99 ${serving.p99Ms.toFixed(3)} ms (goal < 5 ms)\n`);
  process.stdout.write(`goal ${ratio >= 0.7 && serving.p99Ms < 5 && serving.non2xx === 0 && serving.errors === 0 ? 'met' : 'NOT met'}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`serving-bench: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
