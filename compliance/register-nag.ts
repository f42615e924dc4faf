import { Validations } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib';
import type { NagPackProps } from 'cdk-nag';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { CoverageRecorder } from './coverage/coverage-recorder';
import type { NagPackClass } from './coverage/with-coverage';
import { withCoverage } from './coverage/with-coverage';
import { SageMakerChecks } from './sagemaker-checks';

/** the pack classes `registerNagPacks` adds, in order; their names are listed in `pack-names.ts`. */
export const COMPLIANCE_PACKS: readonly NagPackClass[] = [AwsSolutionsChecks, NIST80053R5Checks, HIPAASecurityChecks, PCIDSS321Checks, SageMakerChecks];

/**
 * registers packs on an app (or a stage in tests), each recording its coverage (every rule's answer
 * for every resource) into `compliance-coverage.json` of the cloud assembly, which the compliance
 * report reads beside `validation-report.json`.
 */
export function registerCoveredPacks(scope: Stage, packs: readonly NagPackClass[], props: NagPackProps = { verbose: true }): void {
  const recorder = new CoverageRecorder(() => scope.outdir);
  Validations.of(scope).addPlugins(...packs.map((Pack) => new (withCoverage(Pack, recorder))(scope, props)));
}

/**
 * registers the compliance packs on an app (or a stage in tests). cdk-nag 3 plugins registered on
 * the app also check the stacks of nested stages; any open finding, warnings included, fails synth.
 * The pack names are listed in `pack-names.ts`; keep the two in step.
 */
export function registerNagPacks(scope: Stage): void {
  registerCoveredPacks(scope, COMPLIANCE_PACKS);
}
