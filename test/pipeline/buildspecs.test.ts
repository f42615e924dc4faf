import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMMANDS } from '../../cli/commands';
import { BUILDSPEC_DIR, readBuildspec } from '../../pipeline/buildspec-file';
import { REPO_ROOT } from '../helpers/test-config';

const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const files = readdirSync(BUILDSPEC_DIR).filter((f) => f.endsWith('.yml'));

describe('buildspecs', () => {
  test('there are buildspecs', () => {
    expect(files).toContain('synth.yml');
  });

  test.each(files)('%s is a version 0.2 buildspec whose npm scripts and mlpipe commands exist', (file) => {
    const spec = parse(readFileSync(join(BUILDSPEC_DIR, file), 'utf8')) as { version: number };
    expect(spec.version).toBe(0.2);
    const parts = readBuildspec(file.replace(/\.yml$/, ''));
    const commands = [...parts.installCommands, ...parts.commands];
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const npmRun = /^npm (?:run )?([\w:-]+)/.exec(command);
      if (npmRun && !['ci', 'install'].includes(npmRun[1])) expect(Object.keys(scripts)).toContain(npmRun[1]);
      const mlpipe = /^npx mlpipe ([\w-]+)/.exec(command);
      if (mlpipe) expect(COMMANDS.map((c) => c.name)).toContain(mlpipe[1]);
    }
  });

  test('fails when a buildspec uses a phase the steps cannot run', () => {
    expect(() => readBuildspec('../test/fixtures/buildspec-post-build')).toThrow(/phases post_build are not supported; put their commands in install, pre_build or build/);
  });
});
