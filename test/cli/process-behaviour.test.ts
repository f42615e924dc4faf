import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../../cli/exit-codes';
import { nodeVersionNotice, silenceOldNodeWarning } from '../../cli/node-version-notice';
import { closedEndpoint } from './release/fake-codepipeline';
import { CLI_BUNDLE_DIR, cliBundle } from '../helpers/cli-bundle';
import { loopbackAwsEnv, runCli } from '../helpers/run-cli';
import { REPO_ROOT } from '../helpers/test-config';

let home = '';
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'mlpipe-process-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('a closed standard output', () => {
  test('ends the command quietly with the SIGPIPE status, without a stack trace', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mlpipe.cjs'), '--help'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(ExitCode.PIPE_CLOSED);
  });
});

describe('the one-file mlpipe that the loopback tests start (test/helpers/cli-bundle.ts)', () => {
  test('is built from the entry point and every command module, without tsx', () => {
    const bundle = cliBundle();
    const inputs = JSON.parse(readFileSync(join(CLI_BUNDLE_DIR, 'inputs.json'), 'utf8')) as string[];
    expect(inputs).toContain('bin/mlpipe.cjs');
    expect(inputs).toEqual(expect.arrayContaining(readdirSync(join(REPO_ROOT, 'cli', 'commands')).filter((f) => f.endsWith('.ts')).map((f) => `cli/commands/${f}`)));
    expect(readFileSync(bundle, 'utf8')).not.toContain('tsx/cjs');
  });

  test('answers as bin/mlpipe.cjs does, on stdout, stderr and the exit code', () => {
    const run = (program: string, args: string[]) => {
      const r = spawnSync(process.execPath, [program, ...args], { cwd: home, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    for (const args of [['--help'], ['validate', 'missing.yaml']]) {
      const real = run(join(REPO_ROOT, 'bin', 'mlpipe.cjs'), args);
      expect(run(cliBundle(), args)).toEqual(real);
      expect(real.stdout + real.stderr).not.toBe('');
    }
  });
});

describe('the Node version notice', () => {
  test('is one line that says to use Node 22 on Node 20, and nothing on Node 22', () => {
    expect(nodeVersionNotice('v20.20.2')).toBe(
      'mlpipe: Node 20.20.2 is past its end of life and the AWS SDK drops it in January 2027; use Node 22, which CodeBuild runs (e.g. `nvm use 22`)',
    );
    expect(nodeVersionNotice('v22.12.0')).toBeUndefined();
    expect(nodeVersionNotice('v24.0.0')).toBeUndefined();
  });

  test('is given once and turns the SDK\'s own warning off; not at all when that warning is already off', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(silenceOldNodeWarning(env, 'v20.20.2')).toBe(nodeVersionNotice('v20.20.2'));
    expect(env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    expect(silenceOldNodeWarning(env, 'v20.20.2')).toBeUndefined();
    expect(silenceOldNodeWarning({}, 'v22.12.0')).toBeUndefined();
  });

  test('replaces the SDK\'s nine-line warning in a real AWS command (on this Node: ' + process.version + ')', async () => {
    const env = loopbackAwsEnv(home, { AWS_ENDPOINT_URL_CODEPIPELINE: await closedEndpoint(), AWS_MAX_ATTEMPTS: '1' });
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const result = await runCli(['status', '--pipeline', 'p'], { cwd: home, env });
    expect(result.code).toBe(ExitCode.ENDPOINT_UNREACHABLE);
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
    const notice = nodeVersionNotice(process.version);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(notice ? 2 : 1);
    // after the command's own failure, which a reader looks for first
    if (notice) expect(lines[1]).toBe(notice);
  });

  test('fails with a usage error of one line and its pointer to --help, without the notice, on an AWS command', async () => {
    const env = loopbackAwsEnv(home, {});
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const result = await runCli(['approve', 'Prod', 'Staging'], { cwd: home, env });
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toBe("mlpipe approve: unexpected argument 'Staging'\nsee: mlpipe approve --help\n");
  });
});
