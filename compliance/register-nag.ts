import { Validations } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { SageMakerChecks } from './sagemaker-checks';

/**
 * registers the compliance packs on an app (or a stage in tests). cdk-nag 3 plugins registered on
 * the app also check the stacks of nested stages; any open finding, warnings included, fails synth.
 * The pack names are listed in `pack-names.ts`; keep the two in step.
 */
export function registerNagPacks(scope: Stage): void {
  Validations.of(scope).addPlugins(
    new AwsSolutionsChecks(scope, { verbose: true }),
    new NIST80053R5Checks(scope, { verbose: true }),
    new HIPAASecurityChecks(scope, { verbose: true }),
    new PCIDSS321Checks(scope, { verbose: true }),
    new SageMakerChecks(scope, { verbose: true }),
  );
}
