import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/test-config';

/** cdk.json's app command (`node ... bin/app.ts`). */
function cdkJsonApp(): string {
  const app = (JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { app: string }).app;
  expect(app).toMatch(/ bin\/app\.ts$/);
  return app;
}

/** `npm run synth` as package.json defines it, run on the fixture app with cdk.json's flags; its exit code and output. */
function npmRunSynth(instanceType: string): { status: number | null; output: string } {
  const script = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.synth;
  const words = script.split(/\s+/);
  expect(words.slice(0, 2)).toEqual(['cdk', 'synth']);
  const out = mkdtempSync(join(tmpdir(), 'synth-warnings-'));
  try {
    // the script's `cdk` is node_modules/.bin/cdk, as under `npm run`; the fixture runs as cdk.json runs the app
    const app = `${cdkJsonApp().split(' bin/app.ts')[0]} test/fixtures/cfn-warning-app.ts`;
    const run = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', words[0]), [...words.slice(1), '--app', app, '--output', out, '--context', `instanceType=${instanceType}`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('npm run synth and CloudFormation validation warnings (docs/auditors.md: warnings fail synth)', () => {
  test('fails when CloudFormation Validate warns about a template (an instance type CloudFormation does not list)', () => {
    const run = npmRunSynth('ml.c5.larg');
    expect(run.output).toContain('W3030');
    expect(run.status).not.toBe(0);
  });

  test('passes the same app without the warning', () => {
    const run = npmRunSynth('ml.c5.large');
    expect(run.output).not.toContain('W3030');
    expect(run.status).toBe(0);
  });
});
