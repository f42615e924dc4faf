import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { CONTAINER_IMAGES } from '../../../containers/images';
import type { ContainerRuntime, StartedMultiModelServer, StartedProgram, StartedServer } from './container-runtime';
import { waitUntilServing } from './container-runtime';
import { LineProcess } from './line-process';
import { StepFailure } from './step-results';

const TAGS = { training: 'mlpipe-sample-training:local', serving: 'mlpipe-sample-serving:local' } as const;

async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv, log?: (line: string) => void): Promise<LineProcess> {
  const docker = new LineProcess('docker', args, { cwd, env });
  if (log) docker.onLine((line) => log(line));
  await docker.exited;
  return docker;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * the real images under a local Docker daemon: built from containers/ with their Dockerfiles, run as
 * SageMaker runs them (`train` / `serve`, /opt/ml mounted from the stand-in folder, SIGTERM via
 * `docker kill --signal TERM`). Needs a running daemon; files the containers write belong to root.
 */
export class DockerRuntime implements ContainerRuntime {
  readonly description = 'the real training and serving images under Docker';
  private readonly names: string[] = [];

  constructor(
    private readonly repoRoot: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async prepare(log: (line: string) => void): Promise<void> {
    const info = await run(['info', '--format', '{{.ServerVersion}}'], this.repoRoot, this.env);
    if ((await info.exited) !== 0) {
      throw new StepFailure(`--docker needs a running Docker daemon, and \`docker info\` failed: ${info.lines.slice(-3).join(' ').trim() || 'no output'}; start Docker or run without --docker`);
    }
    for (const image of ['training', 'serving'] as const) {
      // the context, Dockerfile and platform of the image asset the pipeline builds
      const source = CONTAINER_IMAGES[image];
      const args = ['build', '--platform', source.platform.platform, '-f', path.join(source.directory, source.file), '-t', TAGS[image], source.directory];
      log(`docker ${args.map((a) => (path.isAbsolute(a) ? path.relative(this.repoRoot, a) || '.' : a)).join(' ')}`);
      const build = await run(args, this.repoRoot, this.env, (line) => log(`  ${line}`));
      if ((await build.exited) !== 0) throw new StepFailure(`docker build of the ${image} image failed; see the output above`);
    }
  }

  train(root: string): StartedProgram {
    const name = this.name('train');
    const process = new LineProcess('docker', ['run', '--rm', '--name', name, '-v', `${path.resolve(root)}:/opt/ml`, TAGS.training, 'train'], { cwd: this.repoRoot, env: this.env });
    return { process, interrupt: () => run(['kill', '--signal', 'TERM', name], this.repoRoot, this.env).then(() => undefined) };
  }

  async serve(root: string): Promise<StartedServer> {
    const name = this.name('serve');
    const port = await freePort();
    const process = new LineProcess('docker', ['run', '--rm', '--name', name, '-p', `127.0.0.1:${port}:8080`, '-v', `${path.resolve(root, 'model')}:/opt/ml/model:ro`, TAGS.serving, 'serve'], { cwd: this.repoRoot, env: this.env });
    await waitUntilServing(process, 60_000);
    return { process, baseUrl: `http://127.0.0.1:${port}`, interrupt: () => run(['kill', '--signal', 'TERM', name], this.repoRoot, this.env).then(() => undefined) };
  }

  async serveMultiModel(root: string): Promise<StartedMultiModelServer> {
    const name = this.name('serve-models');
    const port = await freePort();
    const args = ['run', '--rm', '--name', name, '-p', `127.0.0.1:${port}:8080`, '-e', 'SAGEMAKER_MULTI_MODEL=true', '-v', `${path.resolve(root, 'models')}:/opt/ml/models:ro`, TAGS.serving, 'serve'];
    const process = new LineProcess('docker', args, { cwd: this.repoRoot, env: this.env });
    await process.waitForLine(/"event":"listening"/, 60_000);
    return {
      process,
      baseUrl: `http://127.0.0.1:${port}`,
      interrupt: () => run(['kill', '--signal', 'TERM', name], this.repoRoot, this.env).then(() => undefined),
      modelUrl: (model) => `/opt/ml/models/${model}/model`,
    };
  }

  async cleanup(): Promise<void> {
    for (const name of this.names) await run(['rm', '--force', name], this.repoRoot, this.env);
  }

  private name(kind: string): string {
    const name = `mlpipe-local-${kind}-${randomBytes(4).toString('hex')}`;
    this.names.push(name);
    return name;
  }
}
