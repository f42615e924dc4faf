/**
 * IAM matches an action to a resource only when the action's service prefix is one that acts on
 * the resource's service (the service field of its ARN). For most services the two are the same
 * word; this table lists every known exception, and nothing else. Note what is NOT here:
 * `codestar-connections` and `codeconnections` are two prefixes of one renamed service, and AWS
 * says "the service prefix must match that of the resource", so neither acts on the other's ARNs.
 */
export const ACTION_PREFIXES_BY_ARN_SERVICE: Readonly<Record<string, readonly string[]>> = {
  // roles: iam:PassRole / iam:GetRole, and sts:AssumeRole / sts:TagSession on the role's ARN
  iam: ['iam', 'sts'],
};

/** the action prefixes that act on resources whose ARNs name `service`. */
export function actionPrefixesFor(service: string): readonly string[] {
  return ACTION_PREFIXES_BY_ARN_SERVICE[service] ?? [service];
}

/** the ARN service of a CloudFormation resource type's `Arn` attribute (or of an SNS topic's Ref). */
const SERVICE_BY_TYPE_NAMESPACE: Readonly<Record<string, string>> = {
  ApplicationAutoScaling: 'application-autoscaling',
  CodeConnections: 'codeconnections',
  CodeStarConnections: 'codestar-connections',
  CodeStarNotifications: 'codestar-notifications',
  StepFunctions: 'states',
};

type Resources = Record<string, { Type: string; Properties?: unknown }>;

function serviceOfType(type: string): string {
  const namespace = type.split('::')[1] ?? '';
  return SERVICE_BY_TYPE_NAMESPACE[namespace] ?? namespace.toLowerCase();
}

/**
 * the service an ARN expression names: a literal ARN, an `Fn::Join` that builds one, the `Arn`
 * attribute of a resource of the template, or the Ref of an SNS topic; `*` for a wildcard and
 * undefined when the expression says nothing about its service.
 */
export function arnService(resource: unknown, resources: Resources): string | undefined {
  if (typeof resource === 'string') return resource === '*' ? '*' : resource.startsWith('arn:') ? resource.split(':')[2] : undefined;
  if (typeof resource !== 'object' || resource === null) return undefined;
  const expr = resource as Record<string, unknown>;
  if (Array.isArray(expr['Fn::Join'])) {
    const [sep, parts] = expr['Fn::Join'] as [string, unknown[]];
    const text = parts.map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' && 'Ref' in p && (p as { Ref: string }).Ref === 'AWS::Partition' ? 'aws' : '{token}')).join(sep);
    return text.startsWith('arn:') ? text.split(':')[2] : undefined;
  }
  if (Array.isArray(expr['Fn::GetAtt'])) {
    const [logicalId, attribute] = expr['Fn::GetAtt'] as [string, string];
    const target = resources[logicalId];
    return target && attribute === 'Arn' ? serviceOfType(target.Type) : undefined;
  }
  if (typeof expr.Ref === 'string') return resources[expr.Ref]?.Type === 'AWS::SNS::Topic' ? 'sns' : undefined;
  return undefined;
}

/** one IAM policy statement of a template, with where it is. */
export interface FoundStatement {
  readonly where: string;
  readonly actions: readonly string[];
  readonly resources: readonly unknown[];
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** every policy statement of every resource of a template (identity and resource policies, inline or managed). */
export function policyStatements(resources: Resources, stackName: string): FoundStatement[] {
  const found: FoundStatement[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${where}[${i}]`));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const obj = node as Record<string, unknown>;
    if (Array.isArray(obj.Statement)) {
      obj.Statement.forEach((s: Record<string, unknown>, i: number) => {
        found.push({ where: `${where}.Statement[${i}]`, actions: list(s.Action).map(String), resources: list(s.Resource) });
      });
      return;
    }
    for (const [key, value] of Object.entries(obj)) walk(value, `${where}.${key}`);
  };
  for (const [logicalId, resource] of Object.entries(resources)) walk(resource.Properties, `${stackName}/${logicalId}`);
  return found;
}

/**
 * the mismatches of one statement: when all its resources are ARNs of one service, the actions
 * whose prefix does not act on that service. Empty when the resources are mixed, wildcards or unknown.
 */
export function prefixMismatches(statement: FoundStatement, resources: Resources): string[] {
  const services = new Set(statement.resources.map((r) => arnService(r, resources)));
  if (services.size !== 1) return [];
  const [service] = [...services];
  if (service === undefined || service === '*') return [];
  const allowed = actionPrefixesFor(service);
  return statement.actions.filter((a) => a !== '*' && !allowed.includes(a.split(':')[0])).map((a) => `${a} on ${service} ARNs`);
}
