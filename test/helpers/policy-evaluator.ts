/**
 * a small IAM policy evaluator for template tests: enough of the policy language (actions and
 * resources with wildcards, principals, the String/Arn/Null/Bool condition operators) to decide
 * whether a synthesized bucket, key or identity policy denies, allows or says nothing about one
 * request. It follows AWS's order: an explicit deny wins, then an allow, else the implicit deny.
 */

/** a policy statement as synthesized (values resolved to strings, see resolveCfn). */
export interface EvaluatedStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** one request: who, what, on which resource, with which context keys (absent keys are undefined). */
export interface PolicyRequest {
  /** a role or user ARN, or a service principal's name */
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | undefined>>;
}

export type Decision = 'explicit-deny' | 'allow' | 'implicit-deny';

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM's `*` and `?` wildcards. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = `^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`;
  return new RegExp(source, ignoreCase ? 'i' : '').test(value);
}

function principalMatches(principal: unknown, principalArn: string): boolean {
  if (principal === undefined) return true; // an identity policy: it applies to its own principal
  if (principal === '*') return true;
  // a service principal is named by itself in principalArn, e.g. `logs.eu-west-1.amazonaws.com`
  if (list((principal as { Service?: string | string[] }).Service).includes(principalArn)) return true;
  const aws = list((principal as { AWS?: string | string[] }).AWS);
  return aws.some((p) => {
    if (p === '*') return true;
    const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(p);
    if (root) return principalArn.split(':')[4] === root[1];
    if (/^\d{12}$/.test(p)) return principalArn.split(':')[4] === p;
    return p === principalArn;
  });
}

function conditionHolds(operator: string, key: string, expected: string[], context: Readonly<Record<string, string | undefined>>): boolean {
  const ifExists = operator.endsWith('IfExists');
  const op = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  const actual = context[key];
  if (op === 'Null') return expected.some((e) => (e === 'true') === (actual === undefined));
  if (actual === undefined) return ifExists || /Not/.test(op);
  const tests: Record<string, (e: string) => boolean> = {
    StringEquals: (e) => actual === e,
    StringNotEquals: (e) => actual !== e,
    StringLike: (e) => wildcardMatch(e, actual),
    StringNotLike: (e) => !wildcardMatch(e, actual),
    ArnEquals: (e) => actual === e,
    ArnLike: (e) => wildcardMatch(e, actual),
    ArnNotEquals: (e) => actual !== e,
    ArnNotLike: (e) => !wildcardMatch(e, actual),
    Bool: (e) => actual === e,
  };
  const test = tests[op.replace(/^ForAnyValue:/, '')];
  if (!test) throw new Error(`the test evaluator does not know the condition operator ${operator}`);
  // negated operators must hold for every value, the others for any
  return /Not/.test(op) ? expected.every(test) : expected.some(test);
}

/** whether a statement applies to the request (its effect aside). */
export function statementApplies(statement: EvaluatedStatement, request: PolicyRequest): boolean {
  if (statement.NotAction !== undefined) throw new Error(`the test evaluator does not support NotAction (statement ${statement.Sid ?? ''})`);
  if (!principalMatches(statement.Principal, request.principalArn)) return false;
  if (!list(statement.Action).some((a) => wildcardMatch(a, request.action, true))) return false;
  if (!list(statement.Resource).some((r) => wildcardMatch(r, request.resource))) return false;
  const context = { 'aws:PrincipalArn': request.principalArn, ...request.context };
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) => Object.entries(keys).every(([key, values]) => conditionHolds(operator, key, list(values), context)));
}

/** the decision of a set of statements (one or more policies) on a request. */
export function evaluate(statements: readonly EvaluatedStatement[], request: PolicyRequest): Decision {
  const applying = statements.filter((s) => statementApplies(s, request));
  if (applying.some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  return applying.some((s) => s.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}

/** the values CloudFormation intrinsics stand for in a test: pseudo parameters and resource attributes. */
export interface CfnValues {
  readonly partition?: string;
  readonly account: string;
  readonly region: string;
  /** `Fn::GetAtt` values by `<logicalId>.<attribute>`, `Ref` values by logical id */
  readonly attributes?: Readonly<Record<string, string>>;
  /**
   * stand in `<id>` / `<id.attribute>` for references not in `attributes` instead of throwing
   * @default false
   */
  readonly placeholders?: boolean;
}

/** a synthesized value with Ref, Fn::GetAtt and Fn::Join resolved (throws on anything else). */
export function resolveCfn(value: unknown, values: CfnValues): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveCfn(v, values));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const pseudo: Record<string, string> = { 'AWS::Partition': values.partition ?? 'aws', 'AWS::AccountId': values.account, 'AWS::Region': values.region, 'AWS::URLSuffix': 'amazonaws.com' };
  if ('Ref' in object) {
    const name = String(object.Ref);
    const resolved = pseudo[name] ?? values.attributes?.[name] ?? (values.placeholders ? `<${name}>` : undefined);
    if (resolved === undefined) throw new Error(`no test value for Ref ${name}`);
    return resolved;
  }
  if ('Fn::GetAtt' in object) {
    const [id, attribute] = object['Fn::GetAtt'] as [string, string];
    const resolved = values.attributes?.[`${id}.${attribute}`] ?? (values.placeholders ? `<${id}.${attribute}>` : undefined);
    if (resolved === undefined) throw new Error(`no test value for Fn::GetAtt ${id}.${attribute}`);
    return resolved;
  }
  if ('Fn::Sub' in object && typeof object['Fn::Sub'] === 'string') {
    return object['Fn::Sub'].replace(/\$\{([^}]+)\}/g, (_m, name: string) => String(resolveCfn({ Ref: name }, values)));
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(resolveCfn(p, values))).join(separator);
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolveCfn(v, values)]));
}
