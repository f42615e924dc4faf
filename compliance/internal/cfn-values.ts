import { Stack } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';

/**
 * reads a property of a resolved CloudFormation value whether it is keyed the way CDK L1 props are
 * (`camelCase`) or the way templates and raw overrides are (`PascalCase`).
 */
export function prop(value: unknown, camelName: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (camelName in record) return record[camelName];
  const pascal = camelName.charAt(0).toUpperCase() + camelName.slice(1);
  return record[pascal];
}

/** resolves a (possibly token) value of a resource in the context of its stack. */
export function resolveIn(node: CfnResource, value: unknown): unknown {
  return Stack.of(node).resolve(value);
}

/** the resolved logical id of a resource in its stack's template. */
export function logicalIdOf(node: CfnResource): string {
  return Stack.of(node).resolve(node.logicalId) as string;
}

/**
 * renders a resolved value as one comparable string: literals as they are, `Ref` as `${Id}`,
 * `Fn::GetAtt` as `${Id.Attribute}`, `Fn::Join` by joining its rendered parts and `Fn::Sub` as its
 * template, so `endpoint/${Ep.EndpointName}/variant/AllTraffic` reads the same in every form.
 */
export function renderIntrinsic(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object') return '';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = record[key];
    if (key === 'Ref' && typeof arg === 'string') return `\${${arg}}`;
    if (key === 'Fn::GetAtt') {
      if (Array.isArray(arg) && arg.length === 2) return `\${${String(arg[0])}.${renderIntrinsic(arg[1])}}`;
      if (typeof arg === 'string') return `\${${arg}}`;
    }
    if (key === 'Fn::Join' && Array.isArray(arg) && arg.length === 2 && Array.isArray(arg[1])) {
      return (arg[1] as unknown[]).map(renderIntrinsic).join(renderIntrinsic(arg[0]));
    }
    if (key === 'Fn::Sub') {
      if (typeof arg === 'string') return arg;
      if (Array.isArray(arg) && typeof arg[0] === 'string') return arg[0];
    }
  }
  return JSON.stringify(value);
}

/** true when a resolved value is a literal (no token or intrinsic left in it). */
export function isLiteral(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
