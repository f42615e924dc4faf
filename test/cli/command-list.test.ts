import { spawnSync } from 'node:child_process';
import { COMMANDS } from '../../cli/commands';
import { REPO_ROOT } from '../helpers/test-config';

describe('the command list', () => {
  test.each(COMMANDS.map((entry) => [entry.name, entry]))('%s loads the command its entry names and summarises', (_name, entry) => {
    const command = entry.load();
    expect(command.name).toBe(entry.name);
    expect(command.summary).toBe(entry.summary);
  });

  test('`mlpipe --help` loads no AWS SDK client, CDK, zod or YAML module', () => {
    const script = [
      "require('tsx/cjs');",
      "require('./cli/main.ts').main(['--help'], { out() {}, err() {}, env: {}, cwd: '.', isTty: false }).then(() => {",
      "  const heavy = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](@aws-sdk|aws-cdk-lib|zod|yaml|cdk-nag)[\\\\/]/.test(f));",
      '  process.stdout.write(JSON.stringify(heavy));',
      '});',
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});
