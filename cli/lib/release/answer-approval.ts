import type { CodePipelineClient, GetPipelineStateOutput } from '@aws-sdk/client-codepipeline';
import type { FailureContext } from './codepipeline-failure';
import { selectApproval } from './pending-approval';
import type { PendingApproval } from './pending-approval';
import { putApprovalResult, readExecutions, readPipelineState } from './pipeline-api';
import type { RevisionView } from './revisions';
import { artifactRevisionViews } from './revisions';

/** the longest summary PutApprovalResult accepts. */
export const MAX_APPROVAL_SUMMARY = 512;

/** an approval to answer, as asked on the command line. */
export interface AnswerRequest {
  /** the stage, matched without regard to case */
  readonly stage: string;
  /**
   * the approval action
   * @default - the only pending approval of the stage
   */
  readonly action?: string;
  /** approve or reject */
  readonly decision: 'Approved' | 'Rejected';
  /** the comment or reason recorded with the answer (at most 512 characters) */
  readonly summary: string;
}

/** what was answered: printed by approve and reject. */
export interface ApprovalOutcome {
  /** the pipeline */
  readonly pipelineName: string;
  /** the stage, as the pipeline names it */
  readonly stageName: string;
  /** the approval action */
  readonly actionName: string;
  /** Approved or Rejected */
  readonly decision: 'Approved' | 'Rejected';
  /** the comment or reason recorded */
  readonly summary: string;
  /** the execution that was waiting, when known */
  readonly pipelineExecutionId?: string;
  /** the source revisions of that execution: what was approved or rejected */
  readonly revisions: readonly RevisionView[];
  /** when CodePipeline recorded the answer */
  readonly answeredAt?: Date;
}

/**
 * finds the pending approval of the stage in the pipeline state, reads the revisions of its
 * execution (before answering, so a failure there answers nothing), runs `beforeAnswer` when
 * given, and submits the answer.
 */
export async function answerApproval(
  client: CodePipelineClient,
  request: AnswerRequest,
  ctx: FailureContext,
  beforeAnswer?: (approval: PendingApproval, state: GetPipelineStateOutput) => Promise<void>,
): Promise<ApprovalOutcome> {
  const state = await readPipelineState(client, ctx);
  const approval = selectApproval(state, ctx.pipelineName, request.stage, request.action);
  const executionId = approval.pipelineExecutionId;
  const executions = executionId === undefined ? new Map() : await readExecutions(client, [executionId], ctx);
  const revisions = artifactRevisionViews(executionId === undefined ? undefined : executions.get(executionId)?.artifactRevisions);
  // e.g. `mlpipe approve` prints the model versions the approval would promote
  if (beforeAnswer) await beforeAnswer(approval, state);
  const answeredAt = await putApprovalResult(client, approval, request.decision, request.summary, ctx);
  return {
    pipelineName: ctx.pipelineName,
    stageName: approval.stageName,
    actionName: approval.actionName,
    decision: request.decision,
    summary: request.summary,
    ...(executionId === undefined ? {} : { pipelineExecutionId: executionId }),
    revisions,
    ...(answeredAt ? { answeredAt } : {}),
  };
}
