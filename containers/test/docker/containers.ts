import { mustRun, runCommand } from './processes';

/** a detached container with its port 8080 (or another) published on 127.0.0.1. */
export interface RunningContainer {
  readonly name: string;
  /** the host port that reaches the container's port */
  readonly port: number;
  /** the container's output so far */
  logs(): Promise<string>;
  /** waits until the output matches, or fails after `timeoutMs` with the output */
  waitForLog(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** `docker kill --signal TERM`, as SageMaker stops a container */
  terminate(): Promise<void>;
  /** waits for the container to exit and returns its exit code */
  exitCode(): Promise<number>;
}

/** starts `docker run --detach` with `args` before the image and `command` after it. */
export async function startContainer(env: NodeJS.ProcessEnv, name: string, image: string, options: { readonly args?: readonly string[]; readonly command?: readonly string[]; readonly containerPort?: number }): Promise<RunningContainer> {
  const containerPort = options.containerPort ?? 8080;
  await mustRun('docker', ['run', '--detach', '--name', name, '--publish', `127.0.0.1::${containerPort}`, ...(options.args ?? []), image, ...(options.command ?? [])], { env });
  const published = await mustRun('docker', ['port', name, String(containerPort)], { env });
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(published.stdout)?.[1]);
  if (!(port > 0)) throw new Error(`docker port ${name} ${containerPort} answered '${published.stdout.trim()}'`);
  const logs = async () => (await runCommand('docker', ['logs', name], { env })).output;
  return {
    name,
    port,
    logs,
    waitForLog: async (pattern, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await logs();
        const match = text.split('\n').find((line) => pattern.test(line));
        if (match !== undefined) return match;
        if (Date.now() > deadline) throw new Error(`container ${name} printed nothing matching ${pattern} within ${timeoutMs / 1000} s; its output:\n${text.trimEnd().split('\n').slice(-20).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    terminate: async () => {
      await mustRun('docker', ['kill', '--signal', 'TERM', name], { env });
    },
    exitCode: async () => Number((await mustRun('docker', ['wait', name], { env, timeoutMs: 60_000 })).stdout.trim()),
  };
}

/** removes containers by name, running or not. */
export async function removeContainers(env: NodeJS.ProcessEnv, names: readonly string[]): Promise<void> {
  if (names.length > 0) await runCommand('docker', ['rm', '--force', ...names], { env });
}
