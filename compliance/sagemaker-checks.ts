import { NagPack } from 'cdk-nag';
import type { NagPackProps } from 'cdk-nag';
import type { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { DATA_CAPTURE_ENCRYPTED } from './rules/data-capture-encrypted';
import { ENDPOINT_BLUE_GREEN_ROLLBACK } from './rules/endpoint-blue-green-rollback';
import { ENDPOINT_CONFIG_CUSTOMER_KEY } from './rules/endpoint-config-customer-key';
import { MODEL_VPC_ISOLATION } from './rules/model-vpc-isolation';
import { PRODUCTION_VARIANT_AUTOSCALING } from './rules/production-variant-autoscaling';
import type { SageMakerRule } from './rules/sagemaker-rule';
import { STUDIO_DOMAIN_CUSTOMER_KEY } from './rules/studio-domain-customer-key';
import { STUDIO_DOMAIN_VPC_ONLY } from './rules/studio-domain-vpc-only';
import { TRAINING_DATA_ENDPOINT_ONLY } from './rules/training-data-endpoint-only';

/** the pack name: rule ids read `SageMaker-<rule>`, acknowledgements `SageMaker::SageMaker-<rule>`. */
export const SAGEMAKER_PACK_NAME = 'SageMaker';

/** every rule of the pack, in the order they are applied. */
export const SAGEMAKER_RULES: readonly SageMakerRule[] = [
  ENDPOINT_CONFIG_CUSTOMER_KEY,
  MODEL_VPC_ISOLATION,
  ENDPOINT_BLUE_GREEN_ROLLBACK,
  DATA_CAPTURE_ENCRYPTED,
  PRODUCTION_VARIANT_AUTOSCALING,
  STUDIO_DOMAIN_VPC_ONLY,
  STUDIO_DOMAIN_CUSTOMER_KEY,
  TRAINING_DATA_ENDPOINT_ONLY,
];

/**
 * what cdk-nag's packs miss on SageMaker hosting (AwsSolutions checks only notebook instances):
 * customer-key encryption of endpoint configs, models in a VPC with network isolation, blue/green
 * updates with auto-rollback alarms, encrypted data capture, and autoscaling of production instance
 * variants; and on the workspace: VpcOnly Studio domains with customer-key storage, and training
 * data reachable only through VPC endpoints. Register it with `Validations.of(app).addPlugins(new SageMakerChecks(app))`.
 */
export class SageMakerChecks extends NagPack {
  public readonly name = SAGEMAKER_PACK_NAME;
  public readonly ruleIds = SAGEMAKER_RULES.map((r) => `${SAGEMAKER_PACK_NAME}-${r.suffix}`);

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = SAGEMAKER_PACK_NAME;
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of SAGEMAKER_RULES) {
      this.applyRule({
        ruleSuffixOverride: rule.suffix,
        info: rule.info,
        explanation: rule.explanation,
        level: rule.level,
        rule: rule.rule,
        node,
      });
    }
  }
}
