import type { ApprovalOutcome } from './answer-approval';
import { formatRevision } from './revisions';
import type { Style } from './style';
import { formatTimestamp } from './time-format';

/** what approve or reject did, as text. */
export function formatApprovalOutcome(outcome: ApprovalOutcome, style: Style): string {
  const approved = outcome.decision === 'Approved';
  const verb = approved ? style.good('approved') : style.bad('rejected');
  const at = outcome.answeredAt ? ` at ${formatTimestamp(outcome.answeredAt)}` : '';
  const lines = [`${verb} ${style.bold(`${outcome.stageName} / ${outcome.actionName}`)} of pipeline ${outcome.pipelineName}${at}`];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(10)} ${value}`);
  row('execution', outcome.pipelineExecutionId ?? '(unknown)');
  if (outcome.revisions.length === 0) row('revision', '(unknown)');
  for (const r of outcome.revisions) row('revision', `${r.source}: ${formatRevision(r, 72)}`);
  row(approved ? 'comment' : 'reason', outcome.summary);
  lines.push(
    approved
      ? `the execution goes on into ${outcome.stageName}; follow it with \`mlpipe status\``
      : `the execution stops at ${outcome.stageName}; push a fix to start a new one`,
  );
  return `${lines.join('\n')}\n`;
}
