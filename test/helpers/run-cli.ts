import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cliBundle } from './cli-bundle';

/** what the real `mlpipe` process did. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * runs `mlpipe ...args` (bin/mlpipe.cjs as one bundle, see cli-bundle.ts) in `cwd` with exactly
 * the given environment (plus PATH), killing it after `timeoutMs`.
 */
export function runCli(args: readonly string[], options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv }, timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle(), ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mlpipe ${args.join(' ')} did not finish within ${timeoutMs} ms; stderr so far: ${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * the environment of a CLI process that talks to a loopback server: dummy credentials signed for
 * `AWS_REGION`, no profile files, no instance metadata, no Node-version notice; `extra` adds the
 * `AWS_ENDPOINT_URL_*` variables and anything else the test needs.
 */
export function loopbackAwsEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    HOME: home,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOOPBACKTEST0000',
    AWS_SECRET_ACCESS_KEY: 'loopback-secret-not-real',
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}
