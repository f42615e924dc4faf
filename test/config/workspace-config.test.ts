import { formatProblem } from '../../config';
import { deepMerge } from '../../config/deep-merge';
import { resolveConfig } from '../../config/resolve-config';
import { NOTEBOOK_INSTANCE_TYPES, STUDIO_INSTANCE_TYPES } from '../../config/workspace-schema';
import { baseDocument, testConfig } from '../helpers/test-config';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALICE = { name: 'alice', identity: 'arn:aws:iam::111111111111:role/DataScientist' };
const workspace = (overrides: Doc = {}): Doc => ({ workspace: { kind: 'studio', users: [ALICE], ...overrides } });

/** the problems of the base document with a workspace, as the CLI prints them. */
function problems(overrides: Doc): string[] {
  const result = resolveConfig(deepMerge(baseDocument(), overrides));
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('workspace config', () => {
  test('is off unless given', () => {
    expect(testConfig().workspace).toBeUndefined();
  });

  test('defaults: ml.t3.medium, one hour idle, 5 GB, the whole bucket readable, scratch under workspace/<user>/, no ingestion principals', () => {
    const config = testConfig(workspace());
    expect(config.workspace).toEqual({
      kind: 'studio',
      users: [ALICE],
      instanceType: 'ml.t3.medium',
      idleTimeoutMinutes: 60,
      volumeSizeGb: 5,
      data: { writePrefix: 'workspace/', ingestionPrincipals: [] },
    });
  });

  test('the instance types come from the SageMaker SDK enums of each kind', () => {
    expect(NOTEBOOK_INSTANCE_TYPES).toContain('ml.t3.medium');
    expect(STUDIO_INSTANCE_TYPES).toContain('ml.g5.xlarge');
    expect(STUDIO_INSTANCE_TYPES).not.toContain('system');
    expect(testConfig(workspace({ kind: 'notebook', instanceType: 'ml.p3.2xlarge' })).workspace?.instanceType).toBe('ml.p3.2xlarge');
  });

  const CASES: [string, Doc, string, string][] = [
    ['the kind is unknown', workspace({ kind: 'jupyterhub' }), 'workspace.kind', '"studio"'],
    ['there are no users', workspace({ users: [] }), 'workspace.users', 'at least one user'],
    ['a user name has capitals', workspace({ users: [{ ...ALICE, name: 'Alice' }] }), 'workspace.users[0].name', 'lowercase letters and digits'],
    ['a user name is too long', workspace({ users: [{ ...ALICE, name: 'a'.repeat(33) }] }), 'workspace.users[0].name', 'longer than 32 characters'],
    ['two users share a name', workspace({ users: [ALICE, ALICE] }), 'workspace.users[1].name', 'give every user a different name'],
    ['an identity is an assumed-role session', workspace({ users: [{ ...ALICE, identity: 'arn:aws:sts::111111111111:assumed-role/DataScientist/alice' }] }), 'workspace.users[0].identity', 'IAM role or user ARN'],
    ['a Studio instance type is not an AppInstanceType', workspace({ instanceType: 'ml.t3.nano' }), 'workspace.instanceType', 'AppInstanceType'],
    ['a notebook instance type is not a notebook type', workspace({ kind: 'notebook', instanceType: 'ml.t3.micro' }), 'workspace.instanceType', 'ml.t3.medium'],
    ['the idle timeout is below SageMaker\'s minimum', workspace({ idleTimeoutMinutes: 30 }), 'workspace.idleTimeoutMinutes', 'at least 60 minutes'],
    ['the idle timeout is above a year', workspace({ idleTimeoutMinutes: 525_601 }), 'workspace.idleTimeoutMinutes', 'at most 525600'],
    ['the volume is below 5 GB', workspace({ volumeSizeGb: 4 }), 'workspace.volumeSizeGb', 'at least 5 GB'],
    ['the volume is above 16384 GB', workspace({ volumeSizeGb: 16_385 }), 'workspace.volumeSizeGb', 'at most 16384 GB'],
    ['the account is not the tooling account', workspace({ account: '999999999999' }), 'workspace.account', 'must be the tooling account 111111111111'],
    ['the region is not the tooling region', workspace({ region: 'us-east-1' }), 'workspace.region', 'an S3 gateway endpoint, which reaches only buckets of its own region'],
    ['the write prefix is where training reads', { ...workspace({ data: { writePrefix: 'data/' } }), training: { channels: { train: { prefix: 'data/train/', dataVersion: 'v1' } } } }, 'workspace.data.writePrefix', 'overlaps the prefix "data/train/"'],
    ['a read prefix has no trailing slash', workspace({ data: { readPrefixes: ['iris'] } }), 'workspace.data.readPrefixes[0]', 'ending with "/"'],
    ['an ingestion principal is not an ARN', workspace({ data: { ingestionPrincipals: ['data-owner'] } }), 'workspace.data.ingestionPrincipals[0]', 'IAM role or user ARN'],
    ['a key is misspelt', workspace({ idleTimeout: 60 }), 'workspace.idleTimeout', 'idleTimeoutMinutes'],
  ];

  test.each(CASES)('fails when %s', (_what, overrides, path, words) => {
    const found = problems(overrides);
    const line = found.find((p) => p.startsWith(path));
    expect(line ?? found.join('\n')).toContain(words);
  });

  test('accepts the tooling account and region given explicitly', () => {
    expect(testConfig(workspace({ account: '111111111111', region: 'eu-west-1' })).workspace?.account).toBe('111111111111');
  });
});
