import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { CommandIo } from '../../cli/command';
import { main } from '../../cli/main';
import { baseDocument, REPO_ROOT } from '../helpers/test-config';

function capture(cwd: string): { io: CommandIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { out: (t) => (out += t), err: (t) => (err += t), env: {}, cwd, isTty: false }, out: () => out, err: () => err };
}

describe('mlpipe validate', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'validate-'));
    writeFileSync(join(dir, 'pipeline.yaml'), stringify(baseDocument()));
    const bad = baseDocument() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    bad.tooling.account = '12';
    bad.stages[0].regions = ['moon-1'];
    writeFileSync(join(dir, 'bad.yaml'), stringify(bad));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('reads pipeline.yaml by default and says it is valid', async () => {
    const c = capture(dir);
    expect(await main(['validate'], c.io)).toBe(0);
    expect(c.out()).toBe('pipeline.yaml: valid (1 stages, 1 stage-regions, source codecommit)\n');
  });

  test('fails when the file has problems, listing every one with exit code 3', async () => {
    const c = capture(dir);
    expect(await main(['validate', 'bad.yaml'], c.io)).toBe(3);
    expect(c.err()).toContain('bad.yaml: 2 problems');
    expect(c.err()).toContain('  - tooling.account: "12" must be exactly 12 digits');
    expect(c.err()).toContain('  - stages[0].regions[0]: "moon-1" is not an AWS region name');
  });

  test('fails when given an unknown flag, with exit code 2 and the usage', async () => {
    const c = capture(dir);
    expect(await main(['validate', '--strict'], c.io)).toBe(2);
    expect(c.err()).toBe("mlpipe validate: unknown flag '--strict'\nsee: mlpipe validate --help\n");
  });

  test('fails when a flag is mistyped, suggesting the flag meant', async () => {
    const c = capture(dir);
    expect(await main(['validate', '--quite'], c.io)).toBe(2);
    expect(c.err()).toBe("mlpipe validate: unknown flag '--quite'; did you mean --quiet?\nsee: mlpipe validate --help\n");
  });

  test('fails when the command is unknown, naming the known ones', async () => {
    const c = capture(dir);
    expect(await main(['valdate'], c.io)).toBe(2);
    expect(c.err()).toBe("mlpipe: unknown command 'valdate'; did you mean validate?\nsee: mlpipe --help\n");
  });

  test('fails when the command is unknown under --json, with one JSON error object', async () => {
    const c = capture(dir);
    expect(await main(['statsu', '--json'], c.io)).toBe(2);
    expect(c.err()).toBe('');
    expect(JSON.parse(c.out())).toEqual({ error: { code: 'Usage', exitCode: 2, message: "mlpipe: unknown command 'statsu'; did you mean status?; see: mlpipe --help", service: null } });
  });

  test('runs as the mlpipe binary', () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'mlpipe.cjs'), 'validate', 'bad.yaml'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('tooling.account');
  });
});
