import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../pipeline/build-app';
import { CDK_ASSETS_CLI_VERSION, CDK_CLI_VERSION } from '../../pipeline/versions';
import { unpinnedInstalls } from '../helpers/install-commands';
import { testConfig } from '../helpers/test-config';

const LOCAL_BINS = Object.keys((JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin);

let outdir: string;
/** every command of every CodeBuild project of the pipeline, by project logical id */
let commands: Record<string, string[]>;

/** the buildspec of a project: inline (a string or a join with tokens) or a file CDK Pipelines wrote to the assembly. */
function buildspecOf(spec: unknown): Record<string, unknown> {
  const text = typeof spec === 'string' ? spec : (spec as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : '<token>')).join('');
  return JSON.parse(text.trim().startsWith('{') ? text : readFileSync(join(outdir, text), 'utf8')) as Record<string, unknown>;
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'pinned-tools-'));
  const built = buildApp(
    testConfig({ stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'] }, { name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'], approval: true }] }),
    { outdir },
    { compliance: false },
  );
  built.app.synth();
  const projects = Template.fromStack(built.pipelineStack).findResources('AWS::CodeBuild::Project');
  commands = Object.fromEntries(
    Object.entries(projects).map(([id, project]) => {
      const phases = (buildspecOf(project.Properties.Source.BuildSpec).phases ?? {}) as Record<string, { commands?: string[] }>;
      return [id, Object.values(phases).flatMap((phase) => phase.commands ?? [])];
    }),
  );
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('tools the pipeline installs', () => {
  test('no CodeBuild project installs a package without an exact version', () => {
    expect(Object.keys(commands).length).toBeGreaterThanOrEqual(8);
    const unpinned = Object.entries(commands).flatMap(([id, list]) => list.flatMap((c) => unpinnedInstalls(c, LOCAL_BINS).map((u) => `${id}: ${u}`)));
    expect(unpinned).toEqual([]);
  });

  test('asset publishing installs the pinned cdk-assets and self-mutation the pinned CDK CLI', () => {
    const all = Object.values(commands).flat();
    expect(all.filter((c) => c.includes('cdk-assets@')).length).toBeGreaterThanOrEqual(1);
    expect(all.filter((c) => c.includes('cdk-assets@')).every((c) => c === `npm install -g cdk-assets@${CDK_ASSETS_CLI_VERSION}`)).toBe(true);
    expect(all).toContain(`npm install -g aws-cdk@${CDK_CLI_VERSION}`);
  });
});

describe('unpinnedInstalls', () => {
  test('fails when a command installs latest, a range or a bare name', () => {
    expect(unpinnedInstalls('npm install -g cdk-assets@latest')).toEqual(['npm: cdk-assets@latest']);
    expect(unpinnedInstalls('npm i -g aws-cdk@^2 && npm install left-pad')).toEqual(['npm: aws-cdk@^2', 'npm: left-pad']);
    expect(unpinnedInstalls('pip install boto3 && pip3 install requests>=2')).toEqual(['pip: boto3', 'pip3: requests>=2']);
    expect(unpinnedInstalls('npx cowsay hi', ['mlpipe'])).toEqual(['npx: cowsay']);
    expect(unpinnedInstalls('yarn add @scope/tool@1.x')).toEqual(['yarn: @scope/tool@1.x']);
    expect(unpinnedInstalls('npm install')).toHaveLength(1);
  });

  test('accepts exact versions, the lockfile and the project\'s own bins', () => {
    expect(unpinnedInstalls('npm install -g cdk-assets@4.7.3 @aws-cdk/x@1.2.3-rc.1')).toEqual([]);
    expect(unpinnedInstalls('npm ci --no-audit --no-fund && npx mlpipe train', ['mlpipe'])).toEqual([]);
    expect(unpinnedInstalls('pip install boto3==1.35.0')).toEqual([]);
  });
});
