import type { PipelineExecution, PipelineExecutionStatus, SourceRevision, StageState } from '@aws-sdk/client-codepipeline';
import { executionView, shortTriggerDetail } from '../../../cli/lib/release/history-view';
import { buildPipelineView, stageExecutionIds } from '../../../cli/lib/release/pipeline-view';
import { artifactRevisionViews, commitMessage, formatRevision, shortRevisionId, sourceRevisionViews } from '../../../cli/lib/release/revisions';

const COMMIT = '4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f';
const at = (iso: string) => new Date(iso);
const context = { pipelineName: 'ml-pipeline', region: 'eu-west-1', readAt: at('2026-12-02T10:00:00Z') };

describe('commitMessage: every form of a summary', () => {
  test('trims the first line, and has none when the first line is blank', () => {
    expect(commitMessage('  Fix it  \nmore')).toBe('Fix it');
    expect(commitMessage('\nsecond line only')).toBeUndefined();
  });

  test('reads JSON with leading spaces, and keeps JSON without a CommitMessage string as the message', () => {
    expect(commitMessage('  {"CommitMessage":"From GitHub"}')).toBe('From GitHub');
    expect(commitMessage('{"ProviderType":"GitHub"}')).toBe('{"ProviderType":"GitHub"}');
    expect(commitMessage('{"CommitMessage":7}')).toBe('{"CommitMessage":7}');
  });

  test('has no message for an empty string or an empty CommitMessage', () => {
    expect(commitMessage('')).toBeUndefined();
    expect(commitMessage('{"CommitMessage":"  "}')).toBeUndefined();
  });
});

describe('shortRevisionId: the boundaries', () => {
  test('keeps 16 characters, cuts 17, and shortens only a 40-hex-digit commit id to 8', () => {
    expect(shortRevisionId('a'.repeat(16))).toBe('a'.repeat(16));
    expect(shortRevisionId('b'.repeat(17))).toBe(`${'b'.repeat(13)}...`);
    expect(shortRevisionId(COMMIT.toUpperCase())).toBe(`${COMMIT.toUpperCase().slice(0, 13)}...`);
    expect(shortRevisionId(`${COMMIT}0`)).toBe(`${COMMIT.slice(0, 13)}...`);
    expect(shortRevisionId(`x${COMMIT}`)).toBe(`x${COMMIT.slice(0, 12)}...`);
  });
});

describe('formatRevision: the message length', () => {
  test('keeps a message of exactly the maximum, and cuts one character more to the maximum', () => {
    expect(formatRevision({ source: 's', revisionId: 'v1', message: 'm'.repeat(50) })).toBe(`v1 "${'m'.repeat(50)}"`);
    expect(formatRevision({ source: 's', revisionId: 'v1', message: 'm'.repeat(51) })).toBe(`v1 "${'m'.repeat(47)}..."`);
    expect(formatRevision({ source: 's', revisionId: COMMIT, message: 'short' }, 5)).toBe('4e5f6a7b "short"');
  });
});

describe('revision views: what is left out', () => {
  test('names a revision without a source "source", and leaves out an empty id, url and message', () => {
    // toStrictEqual: a view has no message or url key at all when there is none (not one set to undefined)
    expect(artifactRevisionViews([{ revisionId: 'v1', revisionUrl: '', revisionSummary: ' ' }, { name: 'A', revisionId: '' }])).toStrictEqual([{ source: 'source', revisionId: 'v1' }]);
    expect(sourceRevisionViews([{ revisionId: 'v2', revisionUrl: 'https://example.com/v2' } as SourceRevision, { actionName: 'B' }])).toStrictEqual([{ source: 'source', revisionId: 'v2', url: 'https://example.com/v2' }]);
    expect(sourceRevisionViews([{ actionName: 'C', revisionId: 'v3', revisionSummary: 'msg' }])).toStrictEqual([{ source: 'C', revisionId: 'v3', message: 'msg' }]);
    expect(artifactRevisionViews(undefined)).toEqual([]);
  });

  test('keeps every revision with an id, in order', () => {
    expect(sourceRevisionViews([{ actionName: 'a', revisionId: '1', revisionSummary: 'one' }, { actionName: 'b', revisionId: '2' }])).toEqual([
      { source: 'a', revisionId: '1', message: 'one' },
      { source: 'b', revisionId: '2' },
    ]);
  });
});

describe('stageExecutionIds', () => {
  test('lists each stage\'s latest execution once, in stage order, skipping stages that never ran', () => {
    const stageStates: StageState[] = [
      { stageName: 'Source', latestExecution: { pipelineExecutionId: 'e2', status: 'Succeeded' } },
      { stageName: 'Build', latestExecution: { pipelineExecutionId: 'e1', status: 'InProgress' } },
      { stageName: 'Staging', latestExecution: { pipelineExecutionId: 'e2', status: 'Succeeded' } },
      { stageName: 'Prod' },
    ];
    expect(stageExecutionIds({ stageStates })).toEqual(['e2', 'e1']);
    expect(stageExecutionIds({})).toEqual([]);
  });
});

describe('buildPipelineView', () => {
  const executions = new Map<string, PipelineExecution>([['e1', { pipelineExecutionId: 'e1', artifactRevisions: [{ name: 'Source', revisionId: COMMIT, revisionSummary: 'Add the gate' }] }]]);

  test('shows each stage with its execution, revisions, latest action change and actions', () => {
    const view = buildPipelineView(
      {
        pipelineName: 'from-aws',
        pipelineVersion: 0,
        stageStates: [
          {
            stageName: 'Staging',
            latestExecution: { pipelineExecutionId: 'e1', status: 'Failed' },
            actionStates: [
              { actionName: 'Deploy', latestExecution: { status: 'Succeeded', lastStatusChange: at('2026-12-02T09:00:00Z') } },
              { actionName: 'Smoke', latestExecution: { status: 'Failed', lastStatusChange: at('2026-12-02T09:30:00Z'), errorDetails: { message: 'answer was wrong' }, summary: 'not this' } },
              { actionName: 'Gate', latestExecution: { status: 'Failed', summary: 'the summary when there are no details' } },
              { actionName: 'Later' },
              { latestExecution: { status: 'Succeeded', summary: 'not shown: it did not fail' } },
            ],
          },
        ],
      },
      executions,
      context,
    );
    expect(view).toEqual({
      pipelineName: 'from-aws',
      region: 'eu-west-1',
      pipelineVersion: 0,
      readAt: context.readAt,
      stages: [
        {
          name: 'Staging',
          status: 'Failed',
          pipelineExecutionId: 'e1',
          lastChange: at('2026-12-02T09:30:00Z'),
          revisions: [{ source: 'Source', revisionId: COMMIT, message: 'Add the gate' }],
          actions: [
            { name: 'Deploy', status: 'Succeeded', lastChange: at('2026-12-02T09:00:00Z') },
            { name: 'Smoke', status: 'Failed', lastChange: at('2026-12-02T09:30:00Z'), error: 'answer was wrong' },
            { name: 'Gate', status: 'Failed', error: 'the summary when there are no details' },
            { name: 'Later', status: 'NotRun' },
            { name: '?', status: 'Succeeded' },
          ],
          pendingApprovals: [],
        },
      ],
      pendingApprovals: [],
    });
  });

  test('takes the latest change of the actions whatever their order', () => {
    const stage: StageState = {
      stageName: 'Prod',
      actionStates: [
        { actionName: 'B', latestExecution: { status: 'Succeeded', lastStatusChange: at('2026-12-02T08:00:00Z') } },
        { actionName: 'A', latestExecution: { status: 'Succeeded', lastStatusChange: at('2026-12-02T07:00:00Z') } },
      ],
    };
    expect(buildPipelineView({ stageStates: [stage] }, new Map(), context).stages[0].lastChange).toEqual(at('2026-12-02T08:00:00Z'));
  });

  test('names a stage that never ran NotRun, without execution, change or revisions, and the pipeline by the name asked', () => {
    const view = buildPipelineView({ stageStates: [{ stageName: 'Prod' }, {}] }, executions, context);
    expect(view.pipelineName).toBe('ml-pipeline');
    expect('pipelineVersion' in view).toBe(false);
    expect(view.stages).toEqual([
      { name: 'Prod', status: 'NotRun', revisions: [], actions: [], pendingApprovals: [] },
      { name: '?', status: 'NotRun', revisions: [], actions: [], pendingApprovals: [] },
    ]);
    expect(buildPipelineView({}, executions, context).stages).toEqual([]);
  });

  test('shows no revision when the stage\'s execution was not looked up', () => {
    const view = buildPipelineView({ stageStates: [{ stageName: 'Prod', latestExecution: { pipelineExecutionId: 'e9', status: 'Succeeded' } }] }, executions, context);
    expect(view.stages[0]).toMatchObject({ pipelineExecutionId: 'e9', revisions: [] });
  });

  test('shows a disabled transition with its reason (or that none was given) and the execution waiting at it', () => {
    const view = buildPipelineView(
      {
        stageStates: [
          { stageName: 'Prod', inboundTransitionState: { enabled: false, disabledReason: 'change freeze' }, inboundExecution: { pipelineExecutionId: 'e3', status: 'InProgress' } },
          { stageName: 'Dr', inboundTransitionState: { enabled: false, disabledReason: '' } },
          { stageName: 'Open', inboundTransitionState: { enabled: true, disabledReason: 'stale reason' } },
        ],
      },
      new Map(),
      context,
    );
    expect(view.stages.map((s) => [s.name, s.transitionDisabled, s.waitingExecutionId])).toEqual([
      ['Prod', 'change freeze', 'e3'],
      ['Dr', 'no reason given', undefined],
      ['Open', undefined, undefined],
    ]);
    expect('transitionDisabled' in view.stages[2]).toBe(false);
  });

  test('lists the approvals waiting, per stage and for the whole pipeline in stage order', () => {
    const approval = (stageName: string, actionName: string): StageState => ({
      stageName,
      latestExecution: { pipelineExecutionId: `x-${stageName}`, status: 'InProgress' },
      actionStates: [{ actionName, latestExecution: { status: 'InProgress', token: `t-${actionName}` } }],
    });
    const view = buildPipelineView({ stageStates: [approval('Staging', 'Promote'), { stageName: 'Mid' }, approval('Prod', 'Release')] }, new Map(), context);
    expect(view.stages.map((s) => s.pendingApprovals.map((a) => a.actionName))).toEqual([['Promote'], [], ['Release']]);
    expect(view.pendingApprovals.map((a) => [a.stageName, a.actionName, a.token])).toEqual([
      ['Staging', 'Promote', 't-Promote'],
      ['Prod', 'Release', 't-Release'],
    ]);
  });
});

describe('executionView', () => {
  const now = at('2026-12-02T10:00:00Z');

  test('measures a finished execution from start to its last update, with every field it has', () => {
    expect(
      executionView(
        {
          pipelineExecutionId: 'e1',
          status: 'Succeeded',
          statusSummary: 'all stages passed',
          trigger: { triggerType: 'Webhook', triggerDetail: 'arn:aws:iam::1:user/dev' },
          sourceRevisions: [{ actionName: 'Source', revisionId: COMMIT }],
          startTime: at('2026-12-02T09:00:00Z'),
          lastUpdateTime: at('2026-12-02T09:20:00Z'),
        },
        now,
      ),
    ).toEqual({
      pipelineExecutionId: 'e1',
      status: 'Succeeded',
      statusSummary: 'all stages passed',
      trigger: 'Webhook',
      triggerDetail: 'arn:aws:iam::1:user/dev',
      revisions: [{ source: 'Source', revisionId: COMMIT }],
      startTime: at('2026-12-02T09:00:00Z'),
      durationMs: 20 * 60 * 1000,
      running: false,
    });
  });

  test.each<PipelineExecutionStatus>(['InProgress', 'Stopping'])('measures a %s execution up to now, and says it is running', (status) => {
    const view = executionView({ pipelineExecutionId: 'e2', status, startTime: at('2026-12-02T09:50:00Z'), lastUpdateTime: at('2026-12-02T09:51:00Z') }, now);
    expect([view.running, view.durationMs]).toEqual([true, 10 * 60 * 1000]);
  });

  test.each<PipelineExecutionStatus>(['Stopped', 'Failed', 'Superseded'])('does not count a %s execution as running', (status) => {
    expect(executionView({ status, startTime: at('2026-12-02T09:50:00Z'), lastUpdateTime: at('2026-12-02T09:55:00Z') }, now)).toMatchObject({ running: false, durationMs: 5 * 60 * 1000 });
  });

  test('never shows a negative duration when the clocks disagree', () => {
    expect(executionView({ status: 'InProgress', startTime: at('2026-12-02T10:00:05Z') }, now).durationMs).toBe(0);
  });

  test('leaves out what it does not know: no start, no end, no summary, no trigger', () => {
    expect(executionView({}, now)).toEqual({ pipelineExecutionId: '?', status: 'Unknown', trigger: 'unknown', revisions: [], running: false });
    expect(executionView({ status: 'Succeeded', startTime: at('2026-12-02T09:00:00Z'), statusSummary: '', trigger: { triggerDetail: '' } }, now)).toEqual({
      pipelineExecutionId: '?',
      status: 'Succeeded',
      trigger: 'unknown',
      revisions: [],
      startTime: at('2026-12-02T09:00:00Z'),
      running: false,
    });
  });
});

describe('shortTriggerDetail', () => {
  test('keeps the last part of an ARN or path, ignoring a trailing separator', () => {
    expect(shortTriggerDetail('arn:aws:sts::111122223333:assumed-role/Deployer/alice')).toBe('alice');
    expect(shortTriggerDetail('rule/')).toBe('rule');
    expect(shortTriggerDetail('webhook')).toBe('webhook');
    expect(shortTriggerDetail('/')).toBe('/');
  });

  test('keeps 32 characters and cuts 33 to 29 and "..."', () => {
    expect(shortTriggerDetail(`role/${'r'.repeat(32)}`)).toBe('r'.repeat(32));
    expect(shortTriggerDetail(`role/${'r'.repeat(33)}`)).toBe(`${'r'.repeat(29)}...`);
  });
});
