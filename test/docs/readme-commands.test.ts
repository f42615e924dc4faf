import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../config';
import { main } from '../../cli/main';
import type { CommandIo } from '../../cli/command';
import type * as ArgsModule from '../../cli/lib/args';
import { ExitCode } from '../../cli/exit-codes';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../pipeline/build-app';
import { pipelineShape } from '../helpers/pipeline-template';
import { cdkStackPatterns, documentedCommands, selectsStack, shellWords } from '../helpers/doc-commands';
import { cdkJsonContext } from '../stages/endpoint-test-app';
import { REPO_ROOT } from '../helpers/test-config';

/** thrown by the wrapped argument parser once a command's flags parsed: the command itself never runs. */
class ArgumentsParsed extends Error {}

jest.mock('../../cli/lib/args', () => {
  const actual = jest.requireActual<typeof ArgsModule>('../../cli/lib/args');
  return {
    ...actual,
    parseCommandArgs: (...args: Parameters<typeof actual.parseCommandArgs>) => {
      actual.parseCommandArgs(...args);
      throw new ArgumentsParsed('parsed');
    },
  };
});

/** what `mlpipe` answers to a command line: 'parsed', or the usage error it printed. */
async function parseOutcome(argv: readonly string[]): Promise<string> {
  let err = '';
  const io: CommandIo = { out: () => undefined, err: (t) => (err += t), env: {}, cwd: REPO_ROOT, isTty: false };
  try {
    const code = await main([...argv], io);
    return code === ExitCode.USAGE ? err.split('\n')[0] : `exit ${code} before parsing its flags`;
  } catch (e) {
    if (e instanceof ArgumentsParsed) return 'parsed';
    throw e;
  }
}

/** the stacks of the default app (pipeline.yaml, as `cdk ls` lists them): hierarchical id and `cdk ls` line. */
let stacks: { id: string; line: string }[];
/** the committed config's pipeline: each CodePipeline stage with its actions as `name (run order)`. */
let shape: string[];
const commands = documentedCommands(REPO_ROOT);

beforeAll(() => {
  const outdir = mkdtempSync(join(tmpdir(), 'readme-commands-'));
  try {
    const { app, pipelineStack } = buildApp(loadConfig(join(REPO_ROOT, DEFAULT_CONFIG_FILE)), { outdir, context: cdkJsonContext() }, { compliance: false });
    stacks = app.synth().stacksRecursively.map((s) => ({ id: s.hierarchicalId, line: s.displayName }));
    shape = pipelineShape(Template.fromStack(pipelineStack)).map((s) => `${s.name}: ${s.actions.map((a) => `${a.name} (${a.runOrder})`).join(', ')}`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

describe('the commands README.md and docs/ show', () => {
  const cdkCommands = commands.flatMap((c) => {
    const patterns = cdkStackPatterns(c.words);
    return patterns?.length ? patterns.map((p) => [c.where, c.text, p] as const) : [];
  });
  const mlpipeCommands = commands.filter((c) => c.words[0] === 'mlpipe');

  test('include the first deploy and the mlpipe commands (the scan finds them)', () => {
    expect(cdkCommands.map(([, text]) => text)).toContain('npx cdk deploy mlops-pipeline');
    expect(mlpipeCommands.length).toBeGreaterThan(10);
    const files = new Set(commands.map((c) => c.where.split(':')[0]));
    expect([...files]).toEqual(expect.arrayContaining(['README.md', 'docs/developers.md', 'docs/release-managers.md', 'docs/operators.md', 'docs/deploying.md']));
  });

  test.each(cdkCommands)('%s: `%s` names a stack of the default app (%s)', (_where, _text, pattern) => {
    expect(stacks.filter((s) => selectsStack(pattern, s.id)).map((s) => s.id)).not.toEqual([]);
  });

  test.each(mlpipeCommands.map((c) => [c.where, c.text, c.words.slice(1)] as const))('%s: `%s` parses', async (_where, _text, argv) => {
    expect(await parseOutcome(argv)).toBe('parsed');
  });

  test('the deploying guide lists what `npx cdk ls` prints for the committed config', () => {
    const guide = readFileSync(join(REPO_ROOT, 'docs', 'deploying.md'), 'utf8');
    const start = guide.indexOf('\n## Deploy the pipeline once');
    const section = guide.slice(start, guide.indexOf('\n## ', start + 1));
    const listing = /\$ npx cdk ls\n([\s\S]*?)```/.exec(section);
    if (start === -1 || !listing) throw new Error('docs/deploying.md has no "Deploy the pipeline once" section with a `$ npx cdk ls` transcript');
    expect(listing[1].trim().split('\n').sort()).toEqual(stacks.map((s) => s.line).sort());
  });

  test('the deploying guide\'s "What the pipeline looks like" table has the committed config\'s stages and actions in their run order', () => {
    const guide = readFileSync(join(REPO_ROOT, 'docs', 'deploying.md'), 'utf8');
    const start = guide.indexOf('\n## What the pipeline looks like');
    const rows = guide
      .slice(start, guide.indexOf('\n## ', start + 1) === -1 ? undefined : guide.indexOf('\n## ', start + 1))
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| CodePipeline stage') && !line.startsWith('| ---'))
      .map((line) => {
        const [stage, actions] = line.split(' | ');
        return `${stage.slice(2)}: ${[...actions.matchAll(/([\w.-]+) \((\d+)/g)].map((m) => `${m[1]} (${m[2]})`).join(', ')}`;
      });
    expect(rows).toEqual(shape);
  });
});

describe('the checks themselves', () => {
  test('fails when a stack name is not a stack id (the name `cdk deploy` used to refuse)', () => {
    expect(selectsStack('mlops-pipeline', 'Pipeline')).toBe(false);
    expect(selectsStack('mlops-pipeline/Staging/*', 'mlops-pipeline/Staging/Endpoint')).toBe(true);
    expect(selectsStack('mlops-pipeline/*', 'mlops-pipeline/Staging/Endpoint')).toBe(false);
    expect(selectsStack('mlops-pipeline/**', 'mlops-pipeline/Staging/Endpoint')).toBe(true);
  });

  test('fails when a command is unknown or a flag is not accepted', async () => {
    expect(await parseOutcome(['deploy'])).toMatch(/unknown command 'deploy'/);
    expect(await parseOutcome(['cost', '--stages', 'Prod'])).toMatch(/^mlpipe cost: .*--stages/);
    expect(await parseOutcome(['approve', 'Prod', 'Staging'])).toMatch(/^mlpipe approve: unexpected argument 'Staging'/);
    expect(await parseOutcome(['cost', '--stage', 'Prod'])).toBe('parsed');
  });

  test('reads words as the shell does, and usage synopses with every optional part', () => {
    expect(shellWords('mlpipe approve prod --comment "staging latency ok, CHG-1234"')).toEqual(['mlpipe', 'approve', 'prod', '--comment', 'staging latency ok, CHG-1234']);
    expect(shellWords('mlpipe report [cdk.out] [--out reports/compliance]')).toEqual(['mlpipe', 'report', 'cdk.out', '--out', 'reports/compliance']);
  });
});
