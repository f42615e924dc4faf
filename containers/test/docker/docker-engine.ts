import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { ENGINE_CLI } from './host-tools';
import { runCommand } from './processes';

/** a running Docker daemon of this check's own, and the environment that talks to it. */
export interface DockerEngine {
  /** `DOCKER_HOST` pointing at the daemon's socket, `PATH` with the engine's CLI first, BuildKit on */
  readonly env: NodeJS.ProcessEnv;
  /** the engine's version */
  readonly version: string;
  /** removes every container, stops the daemon and waits for it to exit */
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * starts `dockerd --storage-driver vfs` (no kernel overlay support needed) with its own data root,
 * exec root and socket under `stateDir`, so it neither needs nor touches a system Docker; images and
 * the build cache stay in `stateDir` between runs.
 */
export async function startDockerEngine(stateDir: string, baseEnv: NodeJS.ProcessEnv, log: (line: string) => void): Promise<DockerEngine> {
  const dir = path.join(stateDir, 'docker');
  mkdirSync(dir, { recursive: true });
  const pidFile = path.join(dir, 'dockerd.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      throw new Error(`a Docker daemon from an earlier run (pid ${pid}, ${pidFile}) still uses ${dir}; stop it (\`kill ${pid}\`) and run the check again`);
    }
  }
  const socket = path.join(dir, 'docker.sock');
  // the exec root holds containerd's socket, whose path must stay under the 108-byte limit
  const execRoot = path.join('/tmp', `mlpipe-docker-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`);
  const binDir = path.join(dir, 'bin');
  mkdirSync(binDir, { recursive: true });
  if (!existsSync(path.join(binDir, 'docker'))) symlinkSync(ENGINE_CLI, path.join(binDir, 'docker'));
  const logPath = path.join(dir, 'dockerd.log');
  const out = openSync(logPath, 'a');
  const args = ['--storage-driver', 'vfs', '--data-root', path.join(dir, 'data'), '--exec-root', execRoot, '--host', `unix://${socket}`, '--pidfile', pidFile];
  log(`dockerd ${args.join(' ')} (log: ${path.relative(process.cwd(), logPath)})`);
  const daemon = spawn('dockerd', args, { stdio: ['ignore', out, out], env: baseEnv });
  const env: NodeJS.ProcessEnv = { ...baseEnv, DOCKER_HOST: `unix://${socket}`, DOCKER_BUILDKIT: '1', PATH: `${binDir}${path.delimiter}${baseEnv.PATH ?? ''}` };

  const stop = async () => {
    const containers = await runCommand('docker', ['ps', '--all', '--quiet'], { env });
    const ids = containers.stdout.split('\n').filter((id) => id !== '');
    if (ids.length > 0) await runCommand('docker', ['rm', '--force', ...ids], { env });
    daemon.kill('SIGTERM');
    if (!(await exited(daemon, 30_000))) {
      daemon.kill('SIGKILL');
      await exited(daemon, 5_000);
    }
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (daemon.exitCode !== null || daemon.signalCode !== null) {
      const tail = readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
      throw new Error(`dockerd exited ${daemon.exitCode ?? daemon.signalCode} while starting; the end of ${logPath}:\n${tail}`);
    }
    const version = await runCommand('docker', ['version', '--format', '{{.Server.Version}}'], { env, timeoutMs: 10_000 });
    if (version.code === 0) return { env, version: version.stdout.trim(), stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`dockerd did not answer on ${socket} within 60 s; see ${logPath}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
