import type { PendingApproval } from './pending-approval';
import type { PipelineView, StageView } from './pipeline-view';
import type { RevisionView } from './revisions';
import { formatRevision } from './revisions';
import type { Style } from './style';
import { textTable } from './text-table';
import { formatAge, formatDuration, formatTimestamp, formatUntil } from './time-format';

const shortExecution = (id: string | undefined): string => (id === undefined ? '-' : id.slice(0, 8));

function revisionCell(revisions: readonly RevisionView[]): string {
  return revisions.length === 0 ? '-' : revisions.map((r) => formatRevision(r, 40)).join(', ');
}

function stageRow(stage: StageView, now: Date, style: Style): string[] {
  return [
    stage.name,
    style.status(stage.status),
    stage.lastChange ? `${formatTimestamp(stage.lastChange)} (${formatAge(stage.lastChange, now)})` : '-',
    shortExecution(stage.pipelineExecutionId),
    revisionCell(stage.revisions),
  ];
}

function stageNotes(stage: StageView, style: Style): string[] {
  const notes: string[] = [];
  if (stage.transitionDisabled !== undefined) {
    const waiting = stage.waitingExecutionId ? `; execution ${stage.waitingExecutionId} waits to enter` : '';
    notes.push(`  ${stage.name}: transition disabled (${stage.transitionDisabled})${waiting}`);
  }
  for (const action of stage.actions) {
    if (action.status === 'Failed') notes.push(`  ${stage.name}: ${style.status('Failed')} ${action.name}: ${action.error ?? 'no error details'}`);
  }
  return notes;
}

function approvalLines(approval: PendingApproval, revisions: readonly RevisionView[], now: Date, style: Style): string[] {
  const lines = [`  ${style.bold(`${approval.stageName} / ${approval.actionName}`)}`];
  const row = (label: string, value: string) => lines.push(`    ${label.padEnd(10)} ${value}`);
  if (approval.requestedAt && approval.expiresAt) {
    row('waiting', `${formatDuration(now.getTime() - approval.requestedAt.getTime())} (since ${formatTimestamp(approval.requestedAt)})`);
    row('expires', style.warn(`${formatTimestamp(approval.expiresAt)} (${formatUntil(approval.expiresAt, now)}; CodePipeline's default 7-day approval timeout)`));
  } else {
    row('waiting', 'since an unknown time');
  }
  row('summary', approval.summary ?? style.dim('(none)'));
  row('execution', approval.pipelineExecutionId ?? '-');
  if (revisions.length === 0) row('revision', style.dim('(unknown)'));
  for (const r of revisions) row('revision', `${r.source}: ${formatRevision(r, 72)}`);
  if (approval.url) row('review', approval.url);
  row('answer', `mlpipe approve ${approval.stageName} --comment TEXT   |   mlpipe reject ${approval.stageName} --reason TEXT`);
  return lines;
}

/** `mlpipe status` as text: a table of stages, notes on failures, then every pending approval. */
export function formatStatus(view: PipelineView, style: Style): string {
  const now = view.readAt;
  const version = view.pipelineVersion === undefined ? '' : `, version ${view.pipelineVersion}`;
  const lines = [`pipeline ${style.bold(view.pipelineName)} in ${view.region}${version}, read ${formatTimestamp(now)}`, ''];
  const headings = ['STAGE', 'STATUS', 'LAST CHANGE', 'EXECUTION', 'REVISION'].map(style.bold);
  lines.push(...textTable(headings, view.stages.map((s) => stageRow(s, now, style))));
  const notes = view.stages.flatMap((s) => stageNotes(s, style));
  if (notes.length > 0) lines.push('', ...notes);
  lines.push('');
  if (view.pendingApprovals.length === 0) {
    lines.push('no approvals pending');
  } else {
    lines.push(style.warn(`pending approvals (${view.pendingApprovals.length}):`));
    for (const approval of view.pendingApprovals) {
      const stage = view.stages.find((s) => s.name === approval.stageName);
      lines.push(...approvalLines(approval, stage?.revisions ?? [], now, style));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `mlpipe status --json`: the view with dates as ISO strings and ages in seconds. */
export function statusJson(view: PipelineView): unknown {
  const now = view.readAt.getTime();
  return {
    ...view,
    pendingApprovals: view.pendingApprovals.map((a) => ({
      ...a,
      ...(a.requestedAt ? { waitingSeconds: Math.round((now - a.requestedAt.getTime()) / 1000) } : {}),
      ...(a.expiresAt ? { expiresInSeconds: Math.round((a.expiresAt.getTime() - now) / 1000) } : {}),
    })),
    stages: view.stages.map(({ pendingApprovals: _omit, ...stage }) => stage),
  };
}
