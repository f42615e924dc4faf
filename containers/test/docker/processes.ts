import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';

/** how to run one command. */
export interface RunOptions {
  /** the working folder. @default the current folder */
  readonly cwd?: string;
  /** the environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** standard input. @default nothing */
  readonly input?: string | Buffer;
  /** where the output goes besides the returned text. @default nowhere */
  readonly log?: WriteStream;
  /** stop the command after this long. @default no limit */
  readonly timeoutMs?: number;
}

/** a finished command. */
export interface RunResult {
  /** the exit code (null when a signal ended it) */
  readonly code: number | null;
  /** standard output */
  readonly stdout: string;
  /** standard output and error, interleaved */
  readonly output: string;
}

/** thrown when a command exits non-zero: names it, its exit code and its last output lines. */
export class CommandFailed extends Error {
  constructor(
    readonly command: string,
    readonly result: RunResult,
  ) {
    const tail = result.output.trimEnd().split('\n').slice(-25).join('\n');
    super(`\`${command}\` exited ${result.code ?? 'on a signal'}; its last output:\n${tail}`);
    this.name = 'CommandFailed';
  }
}

/** runs a command to its end and resolves with its output, whatever its exit code. */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
      options.log?.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      options.log?.write(chunk);
    });
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`could not start \`${command}\`: ${error.message}`));
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, output });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** runs a command and throws CommandFailed unless it exits 0. */
export async function mustRun(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) throw new CommandFailed([command, ...args].join(' '), result);
  return result;
}

/** a log file for one step's full output. */
export function logFile(file: string): WriteStream {
  return createWriteStream(file, { flags: 'a' });
}
