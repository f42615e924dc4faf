import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TrainStage } from '../../stages/train-stage';
import { testConfig } from '../helpers/test-config';

/** the identity of the test user. */
export const ALICE = 'arn:aws:iam::111111111111:role/DataScientist';
/** the identity of the test ingestion principal. */
export const INGEST = 'arn:aws:iam::111111111111:role/DataOwner';

/** a Train stage with a workspace of the given kind (and overrides), and the templates of its stacks. */
export function workspaceApp(kind: 'studio' | 'notebook', overrides: Record<string, unknown> = {}) {
  const config = testConfig({
    workspace: { kind, users: [{ name: 'alice', identity: ALICE }], idleTimeoutMinutes: 90, data: { ingestionPrincipals: [INGEST] }, ...overrides },
  });
  const stage = new TrainStage(new App(), 'Train', { config });
  if (!stage.workspace) throw new Error('the test config turns the workspace on');
  return {
    config,
    stage,
    workspace: Template.fromStack(stage.workspace),
    network: Template.fromStack(stage.network),
    store: Template.fromStack(stage.modelStore),
    workspaceNetwork: stage.workspaceNetwork ? Template.fromStack(stage.workspaceNetwork) : undefined,
  };
}

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

/** the statements of the managed policies in a template, by Sid. */
export function statementsBySid(template: Template): Record<string, Statement> {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
  const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  return Object.fromEntries(statements.filter((s) => s.Sid !== undefined).map((s) => [s.Sid, s]));
}

/** the logical id of the one resource of a type whose properties contain `match`. */
export function logicalIdOf(template: Template, type: string, match: (properties: Record<string, unknown>) => boolean): string {
  const ids = Object.entries(template.findResources(type)).filter(([, r]) => match(r.Properties ?? {})).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}
