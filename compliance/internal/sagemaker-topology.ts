import { Stack } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import { CfnScalableTarget, CfnScalingPolicy } from 'aws-cdk-lib/aws-applicationautoscaling';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import type { CfnEndpoint, CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { isLiteral, logicalIdOf, prop, renderIntrinsic, resolveIn } from './cfn-values';

/** one production variant of an endpoint config, as far as the rules need it. */
export interface VariantInfo {
  /** the variant name (rendered; a literal in practice) */
  readonly name: string;
  /** the model it serves, rendered (`${ModelId.ModelName}` or a literal name) */
  readonly model: string;
  /** true for a serverless variant (it has a `ServerlessConfig`) */
  readonly serverless: boolean;
}

/** the CloudFormation resources of the stack that holds `node`, of one type. */
export function resourcesInStack<T extends CfnResource>(node: CfnResource, type: abstract new (...args: never[]) => T): T[] {
  return Stack.of(node)
    .node.findAll()
    .filter((c): c is T => c instanceof type && Stack.of(c) === Stack.of(node));
}

/**
 * the names a resource can be referred to by in its stack: `${Id.Attribute}` and its literal name
 * (`Ref` of SageMaker resources returns an ARN, never a name, so it is not one of them).
 */
function identities(node: CfnResource, attribute: string, literalName: unknown): string[] {
  const names = [`\${${logicalIdOf(node)}.${attribute}}`];
  const resolved = resolveIn(node, literalName);
  if (isLiteral(resolved)) names.push(String(resolved));
  return names;
}

/** the production variants of an endpoint config. */
export function variantsOf(config: CfnEndpointConfig): VariantInfo[] {
  const variants = resolveIn(config, config.productionVariants);
  if (!Array.isArray(variants)) return [];
  return variants.map((v) => ({
    name: renderIntrinsic(prop(v, 'variantName')),
    model: renderIntrinsic(prop(v, 'modelName')),
    serverless: prop(v, 'serverlessConfig') !== undefined,
  }));
}

/** the endpoint config an endpoint uses, when it is defined in the same stack. */
export function configOfEndpoint(endpoint: CfnEndpoint): CfnEndpointConfig | undefined {
  const wanted = renderIntrinsic(resolveIn(endpoint, endpoint.endpointConfigName));
  return resourcesInStack(endpoint, CfnEndpointConfig).find((c) =>
    identities(c, 'EndpointConfigName', c.endpointConfigName).includes(wanted),
  );
}

/** the endpoint configs in the model's stack whose variants serve the model. */
export function variantsServingModel(model: CfnModel): VariantInfo[] {
  const names = identities(model, 'ModelName', model.modelName);
  return resourcesInStack(model, CfnEndpointConfig)
    .flatMap(variantsOf)
    .filter((v) => names.includes(v.model));
}

/** the `ResourceId`s that name a variant of the endpoint for Application Auto Scaling. */
export function scalingResourceIds(endpoint: CfnEndpoint, variant: string): string[] {
  return identities(endpoint, 'EndpointName', endpoint.endpointName).map((name) => `endpoint/${name}/variant/${variant}`);
}

/** true when a scalable target scales the instance count of the given variant and can actually scale. */
function scalesVariant(target: CfnScalableTarget, resourceIds: string[]): boolean {
  const namespace = resolveIn(target, target.serviceNamespace);
  const dimension = resolveIn(target, target.scalableDimension);
  if (namespace !== 'sagemaker' || dimension !== 'sagemaker:variant:DesiredInstanceCount') return false;
  if (!resourceIds.includes(renderIntrinsic(resolveIn(target, target.resourceId)))) return false;
  const min = resolveIn(target, target.minCapacity);
  const max = resolveIn(target, target.maxCapacity);
  return !(typeof min === 'number' && typeof max === 'number' && max <= min);
}

/** true when a scaling policy or a scheduled action drives the scalable target. */
function isDriven(target: CfnScalableTarget, resourceIds: string[]): boolean {
  if (resolveIn(target, target.scheduledActions) !== undefined) return true;
  const targetRef = `\${${logicalIdOf(target)}}`;
  return resourcesInStack(target, CfnScalingPolicy).some((policy) => {
    if (renderIntrinsic(resolveIn(policy, policy.scalingTargetId)) === targetRef) return true;
    return resourceIds.includes(renderIntrinsic(resolveIn(policy, policy.resourceId)));
  });
}

/** true when the variant of the endpoint has a scalable target with a policy or schedule in the stack. */
export function hasAutoscaling(endpoint: CfnEndpoint, variant: string): boolean {
  const resourceIds = scalingResourceIds(endpoint, variant);
  return resourcesInStack(endpoint, CfnScalableTarget).some(
    (target) => scalesVariant(target, resourceIds) && isDriven(target, resourceIds),
  );
}
