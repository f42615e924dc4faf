import { formatProblem } from '../../config';
import { deepMerge } from '../../config/deep-merge';
import { resolveConfig } from '../../config/resolve-config';
import { STUDIO_INSTANCE_TYPES } from '../../config/workspace-schema';
import { baseDocument } from '../helpers/test-config';

type Doc = Record<string, unknown>;

const user = (name: string) => ({ name, identity: 'arn:aws:iam::111111111111:role/DataScientist' });
const workspace = (overrides: Doc = {}): Doc => ({ workspace: { kind: 'studio', users: [user('alice')], ...overrides } });
const trainingReads = (...prefixes: string[]) => ({ training: { channels: Object.fromEntries(prefixes.map((prefix, i) => [`c${i}`, { prefix, dataVersion: 'v1' }])) } });

function problems(overrides: Doc): string[] {
  const result = resolveConfig(deepMerge(baseDocument(), overrides));
  return result.ok ? [] : result.problems.map(formatProblem);
}
const at = (path: string, overrides: Doc) => problems(overrides).filter((p) => p.startsWith(`${path}:`));

describe('workspace: the rules across keys', () => {
  test('the account and region mismatches name the tooling values and say to leave them out', () => {
    expect(at('workspace.account', workspace({ account: '999999999999' }))).toEqual([
      'workspace.account: "999999999999" must be the tooling account 111111111111: the training data and the training network live there and the training-data bucket\'s policy names the workspace\'s VPC endpoint, which only a stack of that account can reference; leave account out',
    ]);
    expect(at('workspace.region', workspace({ region: 'eu-central-1' }))).toEqual([
      'workspace.region: "eu-central-1" must be the tooling region eu-west-1: the workspace reads the training data through an S3 gateway endpoint, which reaches only buckets of its own region; leave region out',
    ]);
  });

  test('a Studio type of another size suggests the types of its family', () => {
    const [problem] = at('workspace.instanceType', workspace({ instanceType: 'ml.m5.huge' }));
    const family = STUDIO_INSTANCE_TYPES.filter((t) => t.startsWith('ml.m5.')).slice(0, 6);
    expect(family.length).toBeGreaterThan(1);
    expect(problem).toBe(`workspace.instanceType: "ml.m5.huge" is not an instance type of a Studio JupyterLab app (AppInstanceType); use one such as ${family.join(', ')}`);
  });

  test('a type of an unknown family suggests t3 types, and a notebook type names the notebook API', () => {
    const [studio] = at('workspace.instanceType', workspace({ instanceType: 'ml.zz1.large' }));
    expect(studio).toMatch(/^workspace\.instanceType: "ml\.zz1\.large" is not an instance type of a Studio JupyterLab app \(AppInstanceType\); use one such as ml\.t3\.[a-z0-9]+(, ml\.t3\.[a-z0-9]+)*$/);
    const [notebook] = at('workspace.instanceType', workspace({ kind: 'notebook', instanceType: 'ml.zz1.large' }));
    expect(notebook).toMatch(/^workspace\.instanceType: "ml\.zz1\.large" is not a notebook instance type \(CreateNotebookInstance InstanceType\); use one such as ml\.t3\./);
  });

  test('accepts a notebook type for a notebook and a Studio type for Studio', () => {
    expect(problems(workspace({ kind: 'notebook', instanceType: 'ml.t3.medium' }))).toEqual([]);
    expect(problems(workspace({ kind: 'studio', instanceType: 'ml.t3.medium' }))).toEqual([]);
  });

  test('accepts distinct users, and points every repeat at the first user of that name', () => {
    expect(problems(workspace({ users: [user('alice'), user('bob')] }))).toEqual([]);
    expect(at('workspace.users[2].name', workspace({ users: [user('alice'), user('bob'), user('alice')] }))).toEqual([
      'workspace.users[2].name: "alice" repeats the name of workspace.users[0]; give every user a different name',
    ]);
    const three = problems(workspace({ users: [user('bob'), user('alice'), user('bob'), user('bob')] }));
    expect(three).toEqual([
      'workspace.users[2].name: "bob" repeats the name of workspace.users[0]; give every user a different name',
      'workspace.users[3].name: "bob" repeats the name of workspace.users[0]; give every user a different name',
    ]);
  });

  test('fails when the write prefix is inside a channel, or a channel inside it, once per channel', () => {
    expect(at('workspace.data.writePrefix', { ...workspace({ data: { writePrefix: 'data/scratch/' } }), ...trainingReads('data/') })).toEqual([
      'workspace.data.writePrefix: "data/scratch/" overlaps the prefix "data/" of training channel "c0": workspace users could change the data of a declared dataVersion; choose a prefix of its own, e.g. "workspace/"',
    ]);
    expect(at('workspace.data.writePrefix', { ...workspace({ data: { writePrefix: 'data/' } }), ...trainingReads('data/train/', 'data/validation/', 'other/') })).toHaveLength(2);
  });

  test('accepts a write prefix beside every channel, also one that shares the first letters of a channel', () => {
    expect(problems({ ...workspace({ data: { writePrefix: 'iris-scratch/' } }), ...trainingReads('iris/train/', 'iris/validation/') })).toEqual([]);
  });
});
