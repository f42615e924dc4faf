import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
// the same flattening cdk-nag's IAM5 rule applies, so the acknowledged ids match its findings exactly
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledge';

/** one statement with wildcards and the evidence that its scope is still narrow. */
export interface ScopedWildcard {
  /** the statement, as added to the policy */
  readonly statement: iam.PolicyStatement;
  /** why its wildcards grant nothing broader than needed (at least 40 characters) */
  readonly reason: string;
}

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * the exact AwsSolutions-IAM5 findings one statement raises on the policy that holds it:
 * `Action::<a>` for each action with a `*`, `Resource::<r>` for each resource with a `*`.
 */
export function wildcardFindings(scope: IConstruct, statement: iam.PolicyStatement): string[] {
  const json = Stack.of(scope).resolve(statement.toStatementJson()) as { Action?: unknown; Resource?: unknown };
  const actions = list(json.Action).map(String).filter((a) => a.includes('*')).map((a) => `Action::${a}`);
  const resources = list(json.Resource).map((r) => flattenCfnReference(r)).filter((r) => r.includes('*')).map((r) => `Resource::${r}`);
  return [...actions, ...resources].map((finding) => `AwsSolutions-IAM5[${finding}]`);
}

/**
 * acknowledges, on the policy that holds them, exactly the wildcard findings of statements whose
 * scope is narrow by construction (a prefix of our own bucket, our own log group). A statement
 * without wildcards needs no entry; one that raises none is a mistake and throws.
 */
export function acknowledgeScopedWildcards(policy: IConstruct, wildcards: readonly ScopedWildcard[]): void {
  for (const { statement, reason } of wildcards) {
    const ids = wildcardFindings(policy, statement);
    if (ids.length === 0) throw new Error(`${policy.node.path}: statement ${JSON.stringify(statement.toStatementJson())} has no wildcard; remove its acknowledgement`);
    acknowledge(policy, { ids, reason });
  }
}
