import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * a resource string as cdk-nag renders it in a granular finding (`AwsSolutions-IAM5[Resource::...]`):
 * literals as they are, `{ Ref: X }` as `<X>`, `{ Fn::GetAtt: [X, Y] }` as `<X.Y>`, joins
 * concatenated.
 */
export function nagResource(scope: IConstruct, value: string): string {
  const render = (node: unknown): string => {
    if (typeof node === 'string') return node;
    if (node && typeof node === 'object') {
      const ref = (node as { Ref?: string }).Ref;
      if (ref) return `<${ref}>`;
      const getAtt = (node as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (getAtt) return `<${getAtt[0]}.${getAtt[1]}>`;
      const join = (node as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      if (join) return join[1].map(render).join(join[0]);
    }
    return JSON.stringify(node);
  };
  return render(Stack.of(scope).resolve(value));
}
