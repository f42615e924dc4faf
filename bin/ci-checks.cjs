#!/usr/bin/env node
// The Synth step's checks (buildspecs/synth.yml: `npm run ci:checks`): type-check, lint, unit tests
// and `cdk synth` with the compliance gate, run at the same time instead of one after the other.
// Each check's output is printed with its name in front; the step fails when any check fails, so
// a failed test or an open finding still stops the pipeline before self-mutation. Exit code: 0 when
// every check passed, 1 otherwise.
//   node bin/ci-checks.cjs [script ...]   (default: typecheck lint test synth)
const { spawn } = require('node:child_process');

const DEFAULT_SCRIPTS = ['typecheck', 'lint', 'test', 'synth'];
// npm test gets --ci as in the sequential buildspec: no snapshot writes, JUnit for the report group
const EXTRA_ARGS = { test: ['--', '--ci'] };

/** runs `npm run <script>`, printing each output line as `[script] line`; resolves to its exit code and seconds. */
function run(script, out) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn('npm', ['run', '--silent', script, ...(EXTRA_ARGS[script] ?? [])], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const prefix = `[${script}] `;
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.on('data', (chunk) => {
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) out(`${prefix}${line}\n`);
      });
      stream.on('end', () => {
        if (pending) out(`${prefix}${pending}\n`);
      });
    }
    child.on('error', (err) => resolve({ script, code: 127, seconds: 0, error: err.message }));
    child.on('close', (code, signal) => resolve({ script, code: code ?? 1, signal, seconds: Number(process.hrtime.bigint() - start) / 1e9 }));
  });
}

async function main() {
  const scripts = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_SCRIPTS;
  const out = (text) => process.stdout.write(text);
  const results = await Promise.all(scripts.map((script) => run(script, out)));
  out('\nci:checks\n');
  for (const r of results) {
    const outcome = r.code === 0 ? 'passed' : r.error ? `could not start (${r.error})` : r.signal ? `killed by ${r.signal}` : `failed (exit ${r.code})`;
    out(`  ${r.script.padEnd(10)} ${outcome} in ${r.seconds.toFixed(1)} s\n`);
  }
  const failed = results.filter((r) => r.code !== 0);
  if (failed.length > 0) {
    process.stderr.write(`ci:checks: ${failed.map((r) => r.script).join(', ')} failed; the lines prefixed with its name above say why\n`);
    process.exitCode = 1;
  }
}

void main();
