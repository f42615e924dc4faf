import type { GetPipelineStateOutput, StageState } from '@aws-sdk/client-codepipeline';
import { ExitCode } from '../../exit-codes';
import { ReleaseError } from './release-error';

/**
 * how long CodePipeline waits for an answer before it fails the approval. This is the service
 * default; the CLI assumes it because CDK Pipelines' ManualApprovalStep cannot change it and
 * GetPipelineState does not return the configured timeout.
 */
export const APPROVAL_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;

/** a manual approval waiting for an answer, as found in GetPipelineState. */
export interface PendingApproval {
  /** the CodePipeline stage it is in, e.g. `Prod` */
  readonly stageName: string;
  /** the approval action, e.g. `PromoteToProd` */
  readonly actionName: string;
  /** the approval token PutApprovalResult needs */
  readonly token: string;
  /** the pipeline execution waiting on it (the stage's latest execution), when known */
  readonly pipelineExecutionId?: string;
  /**
   * when the approval started waiting: the action's last status change, which for an approval
   * still in progress is when it started
   */
  readonly requestedAt?: Date;
  /** when CodePipeline fails it if nobody answers: requestedAt plus APPROVAL_TIMEOUT_MS (assumed default timeout) */
  readonly expiresAt?: Date;
  /** the action's summary, when CodePipeline has one */
  readonly summary?: string;
  /** the link the approval offers reviewers (the action's entity or execution URL), when there is one */
  readonly url?: string;
}

/** the approvals waiting in one stage: actions in progress that carry an approval token. */
export function stagePendingApprovals(stage: StageState): PendingApproval[] {
  const stageName = stage.stageName ?? '';
  return (stage.actionStates ?? []).flatMap((action) => {
    const execution = action.latestExecution;
    if (execution?.status !== 'InProgress' || !execution.token || !action.actionName) return [];
    const requestedAt = execution.lastStatusChange;
    const url = execution.externalExecutionUrl ?? action.entityUrl;
    const approval: PendingApproval = {
      stageName,
      actionName: action.actionName,
      token: execution.token,
      ...(stage.latestExecution?.pipelineExecutionId ? { pipelineExecutionId: stage.latestExecution.pipelineExecutionId } : {}),
      ...(requestedAt ? { requestedAt, expiresAt: new Date(requestedAt.getTime() + APPROVAL_TIMEOUT_MS) } : {}),
      ...(execution.summary ? { summary: execution.summary } : {}),
      ...(url ? { url } : {}),
    };
    return [approval];
  });
}

/** every approval waiting in the pipeline, in stage order. */
export function pendingApprovals(state: GetPipelineStateOutput): PendingApproval[] {
  return (state.stageStates ?? []).flatMap(stagePendingApprovals);
}

/** finds a stage by name, ignoring case; fails naming the stages the pipeline has. */
export function findStage(state: GetPipelineStateOutput, pipelineName: string, wanted: string): StageState {
  const stages = state.stageStates ?? [];
  const stage = stages.find((s) => s.stageName === wanted) ?? stages.find((s) => s.stageName?.toLowerCase() === wanted.toLowerCase());
  if (stage) return stage;
  const names = stages.map((s) => s.stageName ?? '?');
  throw new ReleaseError(
    ExitCode.STAGE_NOT_FOUND,
    `stage '${wanted}' is not in pipeline '${pipelineName}'; its stages are: ${names.join(', ') || '(none)'}`,
  );
}

function describe(approvals: readonly PendingApproval[]): string {
  return approvals.map((a) => `${a.stageName} (${a.actionName})`).join(', ');
}

/**
 * the approval that `mlpipe approve|reject STAGE [--action NAME]` answers. Fails when the stage is
 * unknown, when it has no pending approval (saying which stages do), when `--action` names no
 * pending approval there, and when the stage has several and `--action` is missing.
 */
export function selectApproval(state: GetPipelineStateOutput, pipelineName: string, stageArg: string, actionArg?: string): PendingApproval {
  const stage = findStage(state, pipelineName, stageArg);
  const here = stagePendingApprovals(stage);
  const stageName = stage.stageName ?? stageArg;
  if (here.length === 0) {
    const elsewhere = pendingApprovals(state);
    const hint = elsewhere.length > 0
      ? `stages waiting for approval: ${describe(elsewhere)}`
      : `no stage of '${pipelineName}' is waiting for approval; run \`mlpipe status\` to see where the latest execution is`;
    throw new ReleaseError(ExitCode.NO_PENDING_APPROVAL, `stage '${stageName}' has no pending approval; ${hint}`);
  }
  if (actionArg !== undefined) {
    const match = here.find((a) => a.actionName === actionArg) ?? here.find((a) => a.actionName.toLowerCase() === actionArg.toLowerCase());
    if (match) return match;
    throw new ReleaseError(
      ExitCode.ACTION_NOT_FOUND,
      `stage '${stageName}' has no pending approval named '${actionArg}'; pending there: ${here.map((a) => a.actionName).join(', ')}`,
    );
  }
  if (here.length > 1) {
    throw new ReleaseError(
      ExitCode.USAGE,
      `stage '${stageName}' has ${here.length} pending approvals (${here.map((a) => a.actionName).join(', ')}); choose one with --action NAME`,
    );
  }
  return here[0];
}
