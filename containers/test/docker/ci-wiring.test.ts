import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the image check in CI', () => {
  test('npm run test:images runs the check; npm test stays jest alone, so a machine without Docker passes it', async () => {
    const { scripts } = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts['test:images']).toBe('tsx containers/test/docker/main.ts');
    expect(scripts.test).toBe('jest');
  });

  test('.ci/run runs the image check after npm test', async () => {
    const commands = (await fs.readFile(path.join(REPO_ROOT, '.ci', 'run'), 'utf8')).split('\n').filter((line) => /^npm /.test(line));
    expect(commands.indexOf('npm run test:images')).toBeGreaterThan(commands.indexOf('npm test'));
    expect(commands.indexOf('npm test')).toBeGreaterThanOrEqual(0);
  });
});
