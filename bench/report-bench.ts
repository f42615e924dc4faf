// Times `mlpipe report` over the full app: synthesizes pipeline.yaml's app once (not timed), then
// builds and writes the report files (coverage and the baseline comparison included) in-process several times and runs the CLI as a process,
// as the synth step does. Budget: under 2 seconds after synth. Prints figures; it is not a test.
//
//   npx tsx bench/report-bench.ts [runs]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { COMPLIANCE_PACK_NAMES } from '../compliance/pack-names';
import { BASELINE_FILE } from '../compliance/update-baseline';
import { synthesizeApp } from '../compliance/synthesize-app';
import { readBaselineFile } from '../cli/lib/report/baseline-diff';
import { readToolVersions } from '../cli/lib/report/tool-versions';
import { writeReports } from '../cli/lib/report/write-reports';

const BUDGET_MS = 2000;

function main(): void {
  const root = join(__dirname, '..');
  const runs = Number(process.argv[2] ?? 5);
  const synthStart = performance.now();
  const synthesized = synthesizeApp(root);
  const synthMs = performance.now() - synthStart;
  const out = mkdtempSync(join(tmpdir(), 'report-bench-'));
  try {
    const inProcess: number[] = [];
    let findings = 0;
    let checks = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const written = writeReports({
        assemblyDir: synthesized.outdir,
        outDir: out,
        commit: 'bench',
        generatedAt: new Date(),
        toolVersions: readToolVersions(root),
        sourceRoot: root,
        expectedPacks: COMPLIANCE_PACK_NAMES,
        baseline: readBaselineFile(join(root, BASELINE_FILE), BASELINE_FILE),
      });
      inProcess.push(performance.now() - start);
      findings = written.report.findings.length;
      checks = written.report.checks.checks;
    }
    const cliStart = performance.now();
    try {
      execFileSync(process.execPath, [join(root, 'bin/mlpipe.cjs'), 'report', synthesized.outdir, '--out', out, '--commit', 'bench'], { cwd: root, stdio: 'ignore' });
    } catch {
      // exit 1 means open findings; the timing still counts
    }
    const cliMs = performance.now() - cliStart;
    const sorted = [...inProcess].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    process.stdout.write(
      [
        `full app: ${findings} report rows and ${checks} rule-and-resource checks from ${synthesized.plugins.length} plugin reports; synth (not counted) ${(synthMs / 1000).toFixed(1)} s`,
        `report in-process over ${runs} runs: median ${median.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`,
        `report as a process (node bin/mlpipe.cjs report, tsx start-up included): ${cliMs.toFixed(0)} ms`,
        `budget ${BUDGET_MS} ms after synth: ${cliMs < BUDGET_MS ? 'met' : 'MISSED'}`,
        '',
      ].join('\n'),
    );
    if (cliMs >= BUDGET_MS) process.exitCode = 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(synthesized.outdir, { recursive: true, force: true });
  }
}

main();
