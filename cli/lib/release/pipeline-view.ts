import type { GetPipelineStateOutput, PipelineExecution, StageState } from '@aws-sdk/client-codepipeline';
import type { PendingApproval } from './pending-approval';
import { stagePendingApprovals } from './pending-approval';
import type { RevisionView } from './revisions';
import { artifactRevisionViews } from './revisions';

/** one action of a stage as `mlpipe status` shows it. */
export interface ActionView {
  /** the action name, e.g. `Deploy` or `PromoteToProd` */
  readonly name: string;
  /** InProgress, Succeeded, Failed, Abandoned, or `NotRun` when it never ran */
  readonly status: string;
  /** when its status last changed, when it ran */
  readonly lastChange?: Date;
  /** the error CodePipeline reported, for a failed action */
  readonly error?: string;
}

/** one stage as `mlpipe status` shows it. */
export interface StageView {
  /** the stage name, e.g. `Prod` */
  readonly name: string;
  /** the status of its latest execution, or `NotRun` */
  readonly status: string;
  /** the pipeline execution that last entered the stage */
  readonly pipelineExecutionId?: string;
  /** the latest status change of any of its actions */
  readonly lastChange?: Date;
  /** the source revisions of that execution (empty when unknown) */
  readonly revisions: readonly RevisionView[];
  /** its actions, in pipeline order */
  readonly actions: readonly ActionView[];
  /** why the transition into the stage is disabled, when it is */
  readonly transitionDisabled?: string;
  /** the execution waiting at a disabled transition, when there is one */
  readonly waitingExecutionId?: string;
  /** the approvals waiting in the stage */
  readonly pendingApprovals: readonly PendingApproval[];
}

/** the whole pipeline as `mlpipe status` shows it. */
export interface PipelineView {
  /** the CodePipeline pipeline name */
  readonly pipelineName: string;
  /** the region it was read from */
  readonly region: string;
  /** the pipeline definition's version, when known */
  readonly pipelineVersion?: number;
  /** when the state was read */
  readonly readAt: Date;
  /** the stages, in pipeline order */
  readonly stages: readonly StageView[];
  /** every approval waiting, in stage order */
  readonly pendingApprovals: readonly PendingApproval[];
}

/** the execution ids whose revisions `mlpipe status` looks up, once each. */
export function stageExecutionIds(state: GetPipelineStateOutput): string[] {
  const ids = (state.stageStates ?? []).flatMap((s) => s.latestExecution?.pipelineExecutionId ?? []);
  return [...new Set(ids)];
}

function latest(dates: readonly (Date | undefined)[]): Date | undefined {
  const known = dates.filter((d): d is Date => d instanceof Date);
  return known.length === 0 ? undefined : new Date(Math.max(...known.map((d) => d.getTime())));
}

function actionView(action: NonNullable<StageState['actionStates']>[number]): ActionView {
  const execution = action.latestExecution;
  const error = execution?.status === 'Failed' ? execution.errorDetails?.message ?? execution.summary : undefined;
  return {
    name: action.actionName ?? '?',
    status: execution?.status ?? 'NotRun',
    ...(execution?.lastStatusChange ? { lastChange: execution.lastStatusChange } : {}),
    ...(error ? { error } : {}),
  };
}

function stageView(stage: StageState, executions: ReadonlyMap<string, PipelineExecution>): StageView {
  const actions = (stage.actionStates ?? []).map(actionView);
  const executionId = stage.latestExecution?.pipelineExecutionId;
  const execution = executionId === undefined ? undefined : executions.get(executionId);
  const lastChange = latest(actions.map((a) => a.lastChange));
  const transition = stage.inboundTransitionState;
  const waiting = stage.inboundExecution?.pipelineExecutionId;
  return {
    name: stage.stageName ?? '?',
    status: stage.latestExecution?.status ?? 'NotRun',
    ...(executionId ? { pipelineExecutionId: executionId } : {}),
    ...(lastChange ? { lastChange } : {}),
    revisions: artifactRevisionViews(execution?.artifactRevisions),
    actions,
    ...(transition?.enabled === false ? { transitionDisabled: transition.disabledReason || 'no reason given' } : {}),
    ...(waiting ? { waitingExecutionId: waiting } : {}),
    pendingApprovals: stagePendingApprovals(stage),
  };
}

/**
 * the view `mlpipe status` prints, from GetPipelineState and the GetPipelineExecution answers of
 * the stages' latest executions (missing ones simply show no revision).
 */
export function buildPipelineView(
  state: GetPipelineStateOutput,
  executions: ReadonlyMap<string, PipelineExecution>,
  context: { readonly pipelineName: string; readonly region: string; readonly readAt: Date },
): PipelineView {
  const stages = (state.stageStates ?? []).map((s) => stageView(s, executions));
  return {
    pipelineName: state.pipelineName ?? context.pipelineName,
    region: context.region,
    ...(state.pipelineVersion === undefined ? {} : { pipelineVersion: state.pipelineVersion }),
    readAt: context.readAt,
    stages,
    pendingApprovals: stages.flatMap((s) => s.pendingApprovals),
  };
}
