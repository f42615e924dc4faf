import type { ExecutionView } from './history-view';
import { shortTriggerDetail } from './history-view';
import { formatRevision } from './revisions';
import type { Style } from './style';
import { textTable } from './text-table';
import { formatDuration, formatTimestamp } from './time-format';

function row(execution: ExecutionView, style: Style): string[] {
  const trigger = execution.triggerDetail ? `${execution.trigger} (${shortTriggerDetail(execution.triggerDetail)})` : execution.trigger;
  const duration = execution.durationMs === undefined ? '-' : `${formatDuration(execution.durationMs)}${execution.running ? ' so far' : ''}`;
  return [
    execution.pipelineExecutionId,
    style.status(execution.status),
    trigger,
    execution.startTime ? formatTimestamp(execution.startTime) : '-',
    duration,
    execution.revisions.length === 0 ? '-' : execution.revisions.map((r) => formatRevision(r, 40)).join(', '),
  ];
}

/** `mlpipe history` as text: one row per execution, newest first. */
export function formatHistory(pipelineName: string, executions: readonly ExecutionView[], style: Style): string {
  if (executions.length === 0) return `pipeline ${pipelineName} has no executions yet (CodePipeline keeps 12 months of history)\n`;
  const headings = ['EXECUTION', 'STATUS', 'TRIGGER', 'STARTED', 'DURATION', 'REVISION'].map(style.bold);
  const lines = [
    `pipeline ${style.bold(pipelineName)}: the last ${executions.length} execution${executions.length === 1 ? '' : 's'}, newest first`,
    '',
    ...textTable(headings, executions.map((e) => row(e, style))),
  ];
  return `${lines.join('\n')}\n`;
}
