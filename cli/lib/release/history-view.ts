import type { PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import type { RevisionView } from './revisions';
import { sourceRevisionViews } from './revisions';

const RUNNING = new Set(['InProgress', 'Stopping']);

/** one pipeline execution as `mlpipe history` shows it. */
export interface ExecutionView {
  /** the pipeline execution id */
  readonly pipelineExecutionId: string;
  /** Succeeded, Failed, InProgress, Stopped, Stopping, Superseded or Cancelled */
  readonly status: string;
  /** what CodePipeline said about the status, when it said something */
  readonly statusSummary?: string;
  /** what started it, e.g. `Webhook`, `StartPipelineExecution`, `CloudWatchEvent` */
  readonly trigger: string;
  /** who or what started it (a user or role ARN, a rule, a webhook), when known */
  readonly triggerDetail?: string;
  /** the source revisions it carries */
  readonly revisions: readonly RevisionView[];
  /** when it started */
  readonly startTime?: Date;
  /** how long it ran, or has been running, in milliseconds */
  readonly durationMs?: number;
  /** whether it is still running (its duration grows) */
  readonly running: boolean;
}

/** the view of one ListPipelineExecutions summary; running executions are measured up to `now`. */
export function executionView(summary: PipelineExecutionSummary, now: Date): ExecutionView {
  const status = summary.status ?? 'Unknown';
  const running = RUNNING.has(status);
  const start = summary.startTime;
  const end = running ? now : summary.lastUpdateTime;
  return {
    pipelineExecutionId: summary.pipelineExecutionId ?? '?',
    status,
    ...(summary.statusSummary ? { statusSummary: summary.statusSummary } : {}),
    trigger: summary.trigger?.triggerType ?? 'unknown',
    ...(summary.trigger?.triggerDetail ? { triggerDetail: summary.trigger.triggerDetail } : {}),
    revisions: sourceRevisionViews(summary.sourceRevisions),
    ...(start ? { startTime: start } : {}),
    ...(start && end ? { durationMs: Math.max(0, end.getTime() - start.getTime()) } : {}),
    running,
  };
}

/** a trigger detail short enough for a table: the last part of an ARN or path. */
export function shortTriggerDetail(detail: string): string {
  const last = detail.split(/[/:]/).filter((p) => p !== '').pop() ?? detail;
  return last.length > 32 ? `${last.slice(0, 29)}...` : last;
}
