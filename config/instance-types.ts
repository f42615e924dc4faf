import { ProductionVariantInstanceType, TrainingInstanceType } from '@aws-sdk/client-sagemaker';
import { didYouMean } from './did-you-mean';

/**
 * what an instance type is for. Each use accepts the types of AWS's own SageMaker API model, as
 * the `@aws-sdk/client-sagemaker` enums carry it (updated with the SDK, never written by hand):
 * - `realTime`: the instances of a real-time endpoint's variants (ProductionVariantInstanceType)
 * - `multiModel`: the same, less GPU and accelerator families: our multi-model container is CPU only
 * - `training`: training jobs (TrainingInstanceType)
 */
export type InstanceTypeUse = 'realTime' | 'multiModel' | 'training';

/** instance families with GPUs or accelerators (our MMS-style serving container is CPU only). */
export const ACCELERATED_FAMILY = /^ml\.(p\d|g\d|inf\d|trn\d|dl\d)/;

const PRODUCTION_VARIANT_TYPES: readonly string[] = Object.values(ProductionVariantInstanceType);
const TRAINING_TYPES: readonly string[] = Object.values(TrainingInstanceType);

/** the instance types SageMaker accepts for a use. */
export function instanceTypesFor(use: InstanceTypeUse): readonly string[] {
  switch (use) {
    case 'realTime':
      return PRODUCTION_VARIANT_TYPES;
    case 'multiModel':
      return PRODUCTION_VARIANT_TYPES.filter((t) => !ACCELERATED_FAMILY.test(t));
    case 'training':
      return TRAINING_TYPES;
  }
}

const WHAT: Record<InstanceTypeUse, string> = {
  realTime: 'a SageMaker real-time endpoint instance type',
  multiModel: 'a CPU instance type SageMaker offers for endpoints',
  training: 'a SageMaker training instance type',
};

/**
 * why `value` cannot be used as an instance type for `use`, with the closest valid type; undefined
 * when it is valid. GPU types for multi-model endpoints are left to the endpoint rules, which say why.
 */
export function instanceTypeProblem(use: InstanceTypeUse, value: string): string | undefined {
  const known = use === 'multiModel' ? PRODUCTION_VARIANT_TYPES : instanceTypesFor(use);
  if (known.includes(value)) return undefined;
  const example = use === 'training' ? '"ml.m5.large" or "ml.c5.2xlarge"' : '"ml.m5.large" or "ml.c5.xlarge"';
  const otherUse = use === 'training' ? PRODUCTION_VARIANT_TYPES.includes(value) && 'an endpoint instance type' : TRAINING_TYPES.includes(value) && 'a training instance type';
  const what = otherUse ? `is ${otherUse}, but not ${WHAT[use]}` : `is not ${WHAT[use]}`;
  const spelt = value.startsWith('ml.') ? value : `ml.${value}`;
  return `${what}${didYouMean(spelt, instanceTypesFor(use))}; use one the SageMaker API lists, e.g. ${example}`;
}
