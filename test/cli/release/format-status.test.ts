import { formatStatus, statusJson } from '../../../cli/lib/release/format-status';
import type { PipelineView } from '../../../cli/lib/release/pipeline-view';
import { buildPipelineView, stageExecutionIds } from '../../../cli/lib/release/pipeline-view';
import { colourWanted, stripAnsi, styleFor } from '../../../cli/lib/release/style';
import { EXECUTION_ID, NOW, PIPELINE, REQUESTED_AT, TOKEN, waitingExecution, waitingState } from './fixtures';

function view(): PipelineView {
  return buildPipelineView(waitingState(), new Map([[EXECUTION_ID, waitingExecution()]]), { pipelineName: PIPELINE, region: 'eu-west-1', readAt: NOW });
}

describe('pipeline view', () => {
  test('each stage has its status, last change, execution and revision', () => {
    const v = view();
    expect(v.stages.map((s) => [s.name, s.status, s.lastChange?.toISOString(), s.pipelineExecutionId, s.revisions[0]?.message])).toEqual([
      ['Source', 'Succeeded', '2026-05-04T09:00:00.000Z', EXECUTION_ID, 'Tune the learning rate of the iris model'],
      ['Build', 'Succeeded', '2026-05-04T09:08:00.000Z', EXECUTION_ID, 'Tune the learning rate of the iris model'],
      ['Staging', 'Succeeded', '2026-05-04T09:29:30.000Z', EXECUTION_ID, 'Tune the learning rate of the iris model'],
      ['Prod', 'InProgress', '2026-05-04T09:30:00.000Z', EXECUTION_ID, 'Tune the learning rate of the iris model'],
    ]);
    expect(v.pendingApprovals.map((a) => a.token)).toEqual([TOKEN]);
  });

  test('asks for each execution once', () => {
    expect(stageExecutionIds(waitingState())).toEqual([EXECUTION_ID]);
  });

  test('a stage that never ran is NotRun, and one whose execution is unknown has no revision', () => {
    const state = waitingState();
    state.stageStates?.push({ stageName: 'Canary', actionStates: [{ actionName: 'Deploy' }] });
    const v = buildPipelineView(state, new Map(), { pipelineName: PIPELINE, region: 'eu-west-1', readAt: NOW });
    expect(v.stages[4]).toEqual({ name: 'Canary', status: 'NotRun', revisions: [], actions: [{ name: 'Deploy', status: 'NotRun' }], pendingApprovals: [] });
    expect(v.stages[0].revisions).toEqual([]);
  });
});

describe('formatStatus', () => {
  const plain = formatStatus(view(), styleFor(false));

  test('prints a table of stages with last change, execution and revision', () => {
    const lines = plain.split('\n');
    expect(lines[0]).toBe('pipeline mlops-pipeline in eu-west-1, version 7, read 2026-05-04 12:00 UTC');
    expect(lines[2]).toMatch(/^STAGE +STATUS +LAST CHANGE +EXECUTION +REVISION$/);
    expect(lines[3]).toBe('Source   Succeeded   2026-05-04 09:00 UTC (3h ago)      6f1c2d3e   4e5f6a7b "Tune the learning rate of the iris model"');
    expect(lines[6]).toBe('Prod     InProgress  2026-05-04 09:30 UTC (2h 30m ago)  6f1c2d3e   4e5f6a7b "Tune the learning rate of the iris model"');
  });

  test('prints every pending approval with its age, summary, deadline and revision', () => {
    expect(plain).toContain(
      [
        'pending approvals (1):',
        '  Prod / PromoteToProd',
        '    waiting    2h 30m (since 2026-05-04 09:30 UTC)',
        "    expires    2026-05-11 09:30 UTC (in 6d 21h; CodePipeline's default 7-day approval timeout)",
        '    summary    Promote the staging model to production',
        `    execution  ${EXECUTION_ID}`,
        '    revision   sagemaker-cdk-pipeline_Source: 4e5f6a7b "Tune the learning rate of the iris model"',
        '    answer     mlpipe approve Prod --comment TEXT   |   mlpipe reject Prod --reason TEXT',
      ].join('\n'),
    );
  });

  test('has no colour codes when plain, and the same text under the colours when coloured', () => {
    const coloured = formatStatus(view(), styleFor(true));
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[33mInProgress\u001b[39m');
    expect(coloured).toContain('\u001b[32mSucceeded\u001b[39m');
    expect(stripAnsi(coloured)).toBe(plain);
  });

  test('notes failed actions and disabled transitions', () => {
    const state = waitingState();
    const staging = state.stageStates?.[2];
    if (staging?.actionStates) {
      staging.latestExecution = { pipelineExecutionId: EXECUTION_ID, status: 'Failed' };
      staging.actionStates[1].latestExecution = { status: 'Failed', lastStatusChange: REQUESTED_AT, errorDetails: { code: 'JobFailed', message: 'Stack mlops-staging-endpoint failed' } };
      staging.inboundTransitionState = { enabled: false, disabledReason: 'freeze for audit' };
    }
    const text = formatStatus(buildPipelineView(state, new Map(), { pipelineName: PIPELINE, region: 'eu-west-1', readAt: NOW }), styleFor(false));
    expect(text).toContain('  Staging: transition disabled (freeze for audit)\n  Staging: Failed Deploy: Stack mlops-staging-endpoint failed\n');
  });

  test('says when nothing waits for approval', () => {
    const state = waitingState();
    state.stageStates?.pop();
    expect(formatStatus(buildPipelineView(state, new Map(), { pipelineName: PIPELINE, region: 'eu-west-1', readAt: NOW }), styleFor(false))).toMatch(/\nno approvals pending\n$/);
  });
});

describe('statusJson', () => {
  test('is the view with ages in seconds and ISO dates', () => {
    const doc = JSON.parse(JSON.stringify(statusJson(view())));
    expect(doc.pendingApprovals[0]).toEqual({
      stageName: 'Prod',
      actionName: 'PromoteToProd',
      token: TOKEN,
      pipelineExecutionId: EXECUTION_ID,
      requestedAt: '2026-05-04T09:30:00.000Z',
      expiresAt: '2026-05-11T09:30:00.000Z',
      summary: 'Promote the staging model to production',
      waitingSeconds: 9000,
      expiresInSeconds: 595800,
    });
    expect(doc.stages[3].pendingApprovals).toBeUndefined();
    expect(doc.stages[3].revisions[0].revisionId).toBe('4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f');
  });
});

describe('colourWanted', () => {
  test('colours a terminal only, and never with NO_COLOR or TERM=dumb', () => {
    expect(colourWanted({ isTty: true, env: {} })).toBe(true);
    expect(colourWanted({ isTty: false, env: {} })).toBe(false);
    expect(colourWanted({ isTty: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colourWanted({ isTty: true, env: { TERM: 'dumb' } })).toBe(false);
    expect(colourWanted({ isTty: true, env: { NO_COLOR: '' } })).toBe(true);
  });
});
