import type { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import type { EndpointConfig } from '../../config';

/**
 * the production variant names of an endpoint: `primary`, then `primary-2` ... for extra variants.
 * The names never depend on the instance type, so an instance-type change keeps the variant name
 * that blue/green deployment guardrails require (see docs/operators.md, "Scaling up").
 */
export function variantNames(endpoint: Pick<EndpointConfig, 'variants' | 'kind'>): string[] {
  const count = endpoint.kind === 'serverless' ? 1 : endpoint.variants;
  return Array.from({ length: count }, (_, i) => (i === 0 ? 'primary' : `primary-${i + 1}`));
}

/** the production variants of the endpoint config, all serving `modelName` with equal weight. */
export function productionVariants(endpoint: EndpointConfig, modelName: string): CfnEndpointConfig.ProductionVariantProperty[] {
  return variantNames(endpoint).map((variantName) => {
    if (endpoint.kind === 'serverless') {
      const { memorySizeMb, maxConcurrency, provisionedConcurrency } = endpoint.serverless;
      return {
        variantName,
        modelName,
        initialVariantWeight: 1,
        serverlessConfig: { memorySizeInMb: memorySizeMb, maxConcurrency, provisionedConcurrency },
      };
    }
    const { instanceType, initialInstanceCount, modelDataDownloadTimeoutSeconds, containerStartupHealthCheckTimeoutSeconds } = endpoint.instance;
    return {
      variantName,
      modelName,
      initialVariantWeight: 1,
      instanceType,
      initialInstanceCount,
      modelDataDownloadTimeoutInSeconds: modelDataDownloadTimeoutSeconds,
      containerStartupHealthCheckTimeoutInSeconds: containerStartupHealthCheckTimeoutSeconds,
    };
  });
}
