import type { IFileSetProducer, Step } from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import type { AppConfig, StageConfig } from '../config';
import { RegistryApprovalStep, RegistryApproverRole } from './steps/registry-approval-step';

/** props of RegistryApproval. */
export interface RegistryApprovalProps {
  /** the validated config */
  readonly config: AppConfig;
  /** the source checkout the step runs from */
  readonly source: IFileSetProducer;
  /** the Train step's MODEL_VERSIONS variable */
  readonly modelVersions: () => string;
}

/**
 * the model registry's side of the production approvals: once a production stage approved by a
 * release manager is deployed, a step marks the versions the execution carries Approved (the
 * role is made once, for every such stage). Define it inside the CodePipeline construct, so the acknowledgements of CDK
 * Pipelines' generated grants cover what CDK Pipelines adds to the role.
 */
export class RegistryApproval extends Construct {
  private readonly props: RegistryApprovalProps;
  private approver: RegistryApproverRole | undefined;

  constructor(scope: Construct, id: string, props: RegistryApprovalProps) {
    super(scope, id);
    this.props = props;
  }

  /** whether a stage's approval promotes models to production (a production stage with an approval). */
  public static promotes(stage: Pick<StageConfig, 'approval' | 'environment'>): boolean {
    return stage.approval && stage.environment === 'production';
  }

  /**
   * the steps after a stage's deployment: for a production stage with an approval, the step that
   * marks the deployed versions Approved (it runs beside the smoke test, so it adds no time to the
   * critical path; a deployment that fails leaves the versions pending); none otherwise
   */
  public stepsAfterDeploy(stage: StageConfig): Step[] {
    if (!RegistryApproval.promotes(stage)) return [];
    const prefix = this.props.config.project.prefix;
    this.approver ??= new RegistryApproverRole(this, 'ApproverRole', { prefix });
    const step = new RegistryApprovalStep(`MarkVersionsApproved`, {
      input: this.props.source,
      projectName: `${prefix}-${stage.name.toLowerCase()}-registry-approval`,
      role: this.approver.role,
      modelVersions: this.props.modelVersions(),
    });
    return [step];
  }
}
