import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/test-config';

const RUNNER = join(REPO_ROOT, 'bin', 'ci-checks.cjs');

/**
 * runs bin/ci-checks.cjs in a scratch package whose npm scripts are the given node one-liners (a
 * `test` script ends in `--`: the runner passes `--ci` to it, as jest gets it)
 */
function ciChecks(scripts: Record<string, string>, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ci-checks-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, scripts }));
    const run = spawnSync(process.execPath, [RUNNER, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, NPM_CONFIG_UPDATE_NOTIFIER: 'false' } });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run ci:checks (the Synth step runs typecheck, lint, tests and synth at once)', () => {
  test('fails when one check fails, after every check has run, and names the failed one', () => {
    const run = ciChecks({ lint: 'node -e "console.log(\'lint ok\')"', test: 'node -e "console.error(\'1 test failed\'); process.exit(1)" --' }, ['lint', 'test']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('[lint] lint ok');
    expect(run.stdout).toContain('[test] 1 test failed');
    expect(run.stdout).toMatch(/ {2}lint {7}passed in \d+\.\d s\n {2}test {7}failed \(exit 1\) in \d+\.\d s/);
    expect(run.stderr).toBe("ci:checks: test failed; the lines prefixed with its name above say why\n");
  });

  test('passes when every check passes, and runs them at the same time', () => {
    // each check waits until the other has started (a file each writes first), so run in a row they would never end
    const script = (me: string, other: string) =>
      `node -e "require('fs').writeFileSync('${me}', ''); const t = setInterval(() => { if (require('fs').existsSync('${other}')) { console.log('${me} saw ${other}'); process.exit(0); } }, 20); setTimeout(() => process.exit(2), 20000)"`;
    const run = ciChecks({ a: script('a.started', 'b.started'), b: script('b.started', 'a.started') }, ['a', 'b']);
    expect(run.stdout).toContain('[a] a.started saw b.started');
    expect(run.stdout).toContain('[b] b.started saw a.started');
    expect(run.status).toBe(0);
  });

  test('runs typecheck, lint, the unit tests and synth by default, as the buildspec needs', () => {
    const run = ciChecks({ typecheck: 'node -e 0', lint: 'node -e 0', test: 'node -e "console.log(process.argv.slice(1).join(\' \'))" --', synth: 'node -e 0' }, []);
    expect(run.status).toBe(0);
    expect(run.stdout.match(/^ {2}(\w+) +passed/gm)?.map((l) => l.trim().split(/\s+/)[0])).toEqual(['typecheck', 'lint', 'test', 'synth']);
    // npm test gets --ci, as the sequential buildspec gave it
    expect(run.stdout).toContain('[test] --ci');
  });

  test('the checks it runs by default are npm scripts of package.json (buildspecs.test.ts checks only ci:checks itself)', () => {
    const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['ci:checks']).toBe('node bin/ci-checks.cjs');
    for (const check of ['typecheck', 'lint', 'test', 'synth']) expect(Object.keys(scripts)).toContain(check);
  });
});
