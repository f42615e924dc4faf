// Test-suite benchmark: one `npm test -- --ci` run measured as a process tree (wall, CPU, the peak
// memory of the whole tree), with the number of tests and assertions from
// reports/unit/counts.json (test/helpers/count-reporter.cjs), each next to its goal. Prints
// figures; it is not a test.
//   npx tsx bench/test-bench.ts [--json]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureTree } from './process-tree';
import type { TreeMeasurement } from './process-tree';

/** the goals of issue 15 for `npm test` on a 2-core machine with 3 GB (CodeBuild's small instance). */
export const TEST_GOALS = { wallSeconds: 90, peakTreeRssMib: 2048 } as const;

/** one measured run of the suite. */
export interface TestBenchResult extends TreeMeasurement {
  readonly tests: number;
  readonly passed: number;
  readonly assertions: number;
}

/** runs the suite once in `root` and reads its counts. */
export async function runTestBench(root: string): Promise<TestBenchResult> {
  const run = await measureTree('npm', ['test', '--', '--ci'], { cwd: root, env: { ...process.env, CI: 'true' } });
  if (run.status !== 0) throw new Error(`npm test failed (exit ${run.status}); fix the failing tests first:\n${run.tail}`);
  const counts = JSON.parse(readFileSync(join(root, 'reports', 'unit', 'counts.json'), 'utf8')) as { tests: number; passed: number; assertions: number };
  return { ...run, tests: counts.tests, passed: counts.passed, assertions: counts.assertions };
}

/** the lines that print a run next to the goals. */
export function testBenchLines(result: TestBenchResult): string[] {
  const verdict = (ok: boolean) => (ok ? 'meets goal' : 'MISSES goal');
  return [
    `npm test: ${result.tests} tests (${result.passed} passed), ${result.assertions} assertions`,
    `  wall ${result.wallSeconds.toFixed(1)} s (goal <= ${TEST_GOALS.wallSeconds} s: ${verdict(result.wallSeconds <= TEST_GOALS.wallSeconds)}), CPU ${result.cpuSeconds.toFixed(1)} s`,
    `  peak RSS of the process tree ${result.peakTreeRssMib.toFixed(0)} MiB (goal < ${TEST_GOALS.peakTreeRssMib} MiB: ${verdict(result.peakTreeRssMib < TEST_GOALS.peakTreeRssMib)}), largest process ${result.peakProcessRssMib.toFixed(0)} MiB`,
    `  load average ${result.load[0].toFixed(2)} at start, ${result.load[1].toFixed(2)} at end`,
  ];
}

if (require.main === module) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  void runTestBench(join(__dirname, '..')).then((result) => {
    const { tail: _tail, ...figures } = result;
    process.stdout.write(values.json ? `${JSON.stringify(figures, null, 2)}\n` : `${testBenchLines(result).join('\n')}\n`);
  });
}
