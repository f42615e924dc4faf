import * as path from 'node:path';
import { LineProcess } from './line-process';

/** a training or serving program started by a runtime. */
export interface StartedProgram {
  readonly process: LineProcess;
  /** delivers SIGTERM the way SageMaker does (to the process, or to the container) */
  interrupt(): Promise<void>;
}

/** a serving program that is up, with where to reach it. */
export interface StartedServer extends StartedProgram {
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
}

/** a multi-model server that is up: models are loaded with POST /models and invoked by name. */
export interface StartedMultiModelServer extends StartedServer {
  /** the folder the server sees model `name` in (the `url` of POST /models) */
  modelUrl(name: string): string;
}

/** runs the training and serving programs: as plain processes, or as the real images under Docker. */
export interface ContainerRuntime {
  /** one line for the progress output */
  readonly description: string;
  /** builds what must be built first (images) */
  prepare(log: (line: string) => void): Promise<void>;
  /** starts `train` with `root` standing in for /opt/ml */
  train(root: string): StartedProgram;
  /** starts `serve` on the model in `<root>/model`; resolves once the model is loaded */
  serve(root: string): Promise<StartedServer>;
  /**
   * starts `serve` in multi-model mode (SAGEMAKER_MULTI_MODEL=true) over the models unpacked under
   * `<root>/models/<name>/model`; resolves once it listens, with the URL to load each model from
   */
  serveMultiModel(root: string): Promise<StartedMultiModelServer>;
  /** removes what the runtime left behind (containers) */
  cleanup(): Promise<void>;
}

/** waits for the serving program's `listening` and `model-loaded` log lines; returns the port logged. */
export async function waitUntilServing(program: LineProcess, timeoutMs: number): Promise<number> {
  const listening = JSON.parse(await program.waitForLine(/"event":"listening"/, timeoutMs)) as { port: number };
  await program.waitForLine(/"event":"model-loaded"/, timeoutMs);
  return listening.port;
}

/** the programs as plain node processes (TypeScript through tsx), as the tests run them. */
export class ProcessRuntime implements ContainerRuntime {
  readonly description = 'training and serving programs as node processes (no Docker)';

  constructor(
    private readonly repoRoot: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async prepare(): Promise<void> {}

  train(root: string): StartedProgram {
    const process = this.start('training', 'train', { SM_ROOT: root });
    return { process, interrupt: async () => process.signal('SIGTERM') };
  }

  async serve(root: string): Promise<StartedServer> {
    const process = this.start('serving', 'serve', { SM_ROOT: root, SAGEMAKER_BIND_TO_PORT: '0', SERVING_HOST: '127.0.0.1' });
    const port = await waitUntilServing(process, 30_000);
    return { process, baseUrl: `http://127.0.0.1:${port}`, interrupt: async () => process.signal('SIGTERM') };
  }

  async serveMultiModel(root: string): Promise<StartedMultiModelServer> {
    const process = this.start('serving', 'serve', { SM_ROOT: root, SAGEMAKER_BIND_TO_PORT: '0', SERVING_HOST: '127.0.0.1', SAGEMAKER_MULTI_MODEL: 'true' });
    const listening = JSON.parse(await process.waitForLine(/"event":"listening"/, 30_000)) as { port: number };
    return {
      process,
      baseUrl: `http://127.0.0.1:${listening.port}`,
      interrupt: async () => process.signal('SIGTERM'),
      modelUrl: (name) => path.join(path.resolve(root), 'models', name, 'model'),
    };
  }

  async cleanup(): Promise<void> {}

  private start(image: 'training' | 'serving', arg: string, env: Record<string, string>): LineProcess {
    const main = path.join(this.repoRoot, 'containers', image, 'src', 'main.ts');
    return new LineProcess(process.execPath, ['--import', 'tsx', main, arg], { cwd: this.repoRoot, env: { ...this.env, ...env } });
  }
}
