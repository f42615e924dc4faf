import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { programBundle } from '../../../test/helpers/program-bundle';

/** the repository root: the programs run from there. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const TRAINING_MAIN = path.join(REPO_ROOT, 'containers', 'training', 'src', 'main.ts');
export const SERVING_MAIN = path.join(REPO_ROOT, 'containers', 'serving', 'src', 'main.ts');

const children = new Set<ChildProcessWithoutNullStreams>();

/** a running program with its output collected line by line. */
export interface RunningProgram {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  /** resolves with the first line matching `pattern` (rejects if the program exits first) */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** resolves with the exit code */
  readonly exited: Promise<number | null>;
}

/**
 * starts the program `main` with `arg` and `env` added; killed by `killAll()` if still running. It
 * runs compiled, as in the images (which run tsc's output): one bundle of `main` and its modules
 * (test/helpers/program-bundle.ts), rather than TypeScript through tsx.
 */
export function startProgram(main: string, arg: string, env: Record<string, string>): RunningProgram {
  const bundle = programBundle({ entry: main, dir: path.join(REPO_ROOT, '.cache', 'programs', path.basename(path.dirname(path.dirname(main)))) });
  const child = spawn(process.execPath, [bundle, arg], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
  children.add(child);
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = '';
  const onText = (text: string) => {
    partial += text;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', onText);
  child.stderr.setEncoding('utf8').on('data', onText);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    children.delete(child);
    resolve(code);
  }));
  return {
    child,
    lines,
    exited,
    waitForLine: (pattern, timeoutMs = 20_000) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (line) => { clearTimeout(timer); resolve(line); } });
        exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before a line matching ${pattern}; output:\n${lines.join('\n')}`));
        });
      });
    },
  };
}

/** runs a program to completion. */
export async function runProgram(main: string, arg: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const program = startProgram(main, arg, env);
  const code = await program.exited;
  await new Promise((resolve) => setImmediate(resolve));
  return { code, output: program.lines.join('\n') };
}

/** kills every program still running (afterAll / afterEach). */
export function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

/** a fresh temporary folder standing in for /opt/ml. */
export async function tempRoot(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
}
