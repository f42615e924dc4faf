import type { NagMessageLevel, NagRuleResult } from 'cdk-nag';
import type { CfnResource } from 'aws-cdk-lib';

/** one rule of the SageMaker pack: what it checks and how it is reported. */
export interface SageMakerRule {
  /** the rule id after the pack name: `SageMaker-<suffix>` */
  readonly suffix: string;
  /** one line saying what is wrong when the rule fails */
  readonly info: string;
  /** why the rule exists (shown with `verbose: true`) */
  readonly explanation: string;
  /** how a finding is reported; every open finding fails synth, warnings included */
  readonly level: NagMessageLevel;
  /** checks one resource; `NOT_APPLICABLE` for resources the rule is not about */
  readonly rule: (node: CfnResource) => NagRuleResult;
}
