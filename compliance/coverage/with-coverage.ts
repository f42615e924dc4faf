import type { IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import type { IApplyRule, NagPack, NagPackProps } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { CoverageRecorder } from './coverage-recorder';

/** a concrete cdk-nag pack class, e.g. `AwsSolutionsChecks`. */
export type NagPackClass = new (scope?: IConstruct, props?: NagPackProps) => NagPack;

/**
 * the pack class with every rule application recorded by `recorder`: the same plugin name, rules,
 * findings and acknowledgement handling, plus coverage written into the cloud assembly.
 */
export function withCoverage(pack: NagPackClass, recorder: CoverageRecorder): NagPackClass {
  // abstract only to the type checker: `pack` is a concrete class, which the NagPack type cannot say
  abstract class CoveredPack extends pack {
    public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
      recorder.startPack(this.name);
      const report = super.validate(context);
      recorder.finishPack(this.name);
      return report;
    }

    protected applyRule(params: IApplyRule): void {
      super.applyRule(recorder.observe(this.name, this.readPackName, params));
    }
  }
  return CoveredPack as unknown as NagPackClass;
}
