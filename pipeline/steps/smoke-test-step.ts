import type { CfnOutput } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IFileSetProducer } from 'aws-cdk-lib/pipelines';
import { CodeBuildStep } from 'aws-cdk-lib/pipelines';
import { buildspecStepOptions } from '../buildspec-file';

/** props of a SmokeTestStep. */
export interface SmokeTestStepProps {
  /** the source checkout (the config, the sample payloads, the CLI) */
  readonly input: IFileSetProducer;
  /** the CodeBuild project name */
  readonly projectName: string;
  /** the tooling account's runner role (it assumes the stage's smoke-test role) */
  readonly role: iam.IRole;
  /** the stage whose smokeTest settings apply */
  readonly stageName: string;
  /** the endpoint stack's EndpointName output */
  readonly endpointName: CfnOutput;
  /**
   * the endpoint stack's TargetModels output (model name -> TargetModel), for a multi-model endpoint
   * @default - none: the endpoint serves one model
   */
  readonly targetModels?: CfnOutput;
  /** the endpoint's region */
  readonly region: string;
  /** the stage's smoke-test role to assume */
  readonly stageRoleArn: string;
  /** which gate the step runs */
  readonly gate: 'samples' | 'latency';
}

/**
 * a post-deploy gate of one stage deployment: runs `buildspecs/smoke-test.yml`
 * (`npx mlpipe smoke-test`) against the endpoint named by the endpoint stack's output, as the
 * stage's smoke-test role. `samples` checks the answers to the sample payloads; `latency` sends
 * the stage's request count and fails above its p99 threshold.
 */
export class SmokeTestStep extends CodeBuildStep {
  constructor(id: string, props: SmokeTestStepProps) {
    super(id, {
      input: props.input,
      projectName: props.projectName,
      ...buildspecStepOptions('smoke-test'),
      env: { STAGE_NAME: props.stageName, SMOKE_GATE: props.gate, ENDPOINT_REGION: props.region, SMOKE_TEST_ROLE_ARN: props.stageRoleArn },
      envFromCfnOutputs: { ENDPOINT_NAME: props.endpointName, ...(props.targetModels ? { TARGET_MODELS: props.targetModels } : {}) },
      role: props.role,
      primaryOutputDirectory: 'reports/smoke',
    });
  }
}
