import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** a child process whose output is read line by line. */
export class LineProcess {
  /** every line printed so far (stdout and stderr) */
  readonly lines: string[] = [];
  /** resolves with the exit code (or the signal name) */
  readonly exited: Promise<number | string>;
  private readonly child: ChildProcess;
  private readonly listeners: ((line: string) => void)[] = [];
  private exitValue: number | string | undefined;

  constructor(command: string, args: readonly string[], options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv }) {
    this.child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = { out: '', err: '' };
    const read = (key: 'out' | 'err') => (text: string) => {
      const parts = (partial[key] + text).split('\n');
      partial = { ...partial, [key]: parts.pop() ?? '' };
      for (const line of parts) {
        this.lines.push(line);
        for (const listener of [...this.listeners]) listener(line);
      }
    };
    this.child.stdout?.setEncoding('utf8').on('data', read('out'));
    this.child.stderr?.setEncoding('utf8').on('data', read('err'));
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.lines.push(`cannot start ${command}: ${error.message}`);
        this.exitValue = 127;
        resolve(127);
      });
      this.child.on('close', (code, signal) => {
        this.exitValue = code ?? signal ?? 'unknown';
        resolve(this.exitValue);
      });
    });
  }

  /** the process id, for signals */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** whether the process has exited */
  get done(): boolean {
    return this.exitValue !== undefined;
  }

  /** calls `listener` with each new line. */
  onLine(listener: (line: string) => void): void {
    this.listeners.push(listener);
  }

  /** the first line (seen or to come) matching `pattern`; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    const seen = this.lines.find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no output matching ${pattern} within ${timeoutMs / 1000} s`)), timeoutMs);
      this.listeners.push((line) => {
        if (pattern.test(line)) {
          clearTimeout(timer);
          resolve(line);
        }
      });
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`exited (${code}) before printing a line matching ${pattern}; last output:\n${this.lines.slice(-15).join('\n')}`));
      });
    });
  }

  /** sends a signal if the process still runs. */
  signal(name: NodeJS.Signals): void {
    if (!this.done) this.child.kill(name);
  }

  /** resolves with the exit code, killing the process if it runs longer than `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<number | string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.signal('SIGKILL');
      return 'timeout';
    }
    return result;
  }
}
