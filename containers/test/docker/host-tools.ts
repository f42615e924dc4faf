import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { mustRun } from './processes';

/** a program the check needs and the Debian package that has it. */
interface Tool {
  readonly program: string;
  readonly debianPackage: string;
}

const TOOLS: readonly Tool[] = [
  { program: 'dockerd', debianPackage: 'docker.io' },
  { program: 'debootstrap', debianPackage: 'debootstrap' },
];

/** the Docker CLI that comes with Debian's engine; newer CLIs need the buildx plugin for BuildKit. */
export const ENGINE_CLI = '/usr/bin/docker';

function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, program)));
}

/**
 * installs Debian's Docker engine and debootstrap when they are missing (CI runs as root on a fresh
 * machine); elsewhere it says what to install.
 */
export async function ensureHostTools(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const missing = TOOLS.filter((tool) => !onPath(tool.program, env) || (tool.program === 'dockerd' && !existsSync(ENGINE_CLI)));
  if (missing.length === 0) return;
  const packages = missing.map((tool) => tool.debianPackage);
  if (process.getuid?.() !== 0) {
    throw new Error(`the image check needs ${missing.map((t) => t.program).join(' and ')}; install them as root (\`apt-get update && apt-get install -y ${packages.join(' ')}\`) or run the check as root, which installs them`);
  }
  log(`installing ${packages.join(', ')} with apt-get`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  await mustRun('apt-get', ['update', '-q'], { env: aptEnv });
  await mustRun('apt-get', ['install', '-y', '-q', ...packages], { env: aptEnv });
}
