import type { GetPipelineStateOutput, StageState } from '@aws-sdk/client-codepipeline';
import { ExitCode } from '../../../cli/exit-codes';
import { APPROVAL_TIMEOUT_MS, findStage, pendingApprovals, selectApproval, stagePendingApprovals } from '../../../cli/lib/release/pending-approval';
import { ReleaseError } from '../../../cli/lib/release/release-error';
import { EXECUTION_ID, PIPELINE, REQUESTED_AT, TOKEN, waitingState } from './fixtures';

function failure(run: () => unknown): ReleaseError {
  try {
    run();
  } catch (err) {
    if (err instanceof ReleaseError) return err;
    throw err;
  }
  throw new Error('expected a ReleaseError');
}

/** the fixture with a second approval waiting in Prod. */
function twoApprovals(): GetPipelineStateOutput {
  const state = waitingState();
  const prod = state.stageStates?.[3];
  prod?.actionStates?.push({ actionName: 'SecurityReview', latestExecution: { status: 'InProgress', token: 'second-token', lastStatusChange: REQUESTED_AT } });
  return state;
}

describe('pending approvals', () => {
  test('an approval is an action in progress with a token; it expires 7 days after it started', () => {
    expect(pendingApprovals(waitingState())).toEqual([
      {
        stageName: 'Prod',
        actionName: 'PromoteToProd',
        token: TOKEN,
        pipelineExecutionId: EXECUTION_ID,
        requestedAt: REQUESTED_AT,
        expiresAt: new Date('2026-05-11T09:30:00Z'),
        summary: 'Promote the staging model to production',
      },
    ]);
    expect(APPROVAL_TIMEOUT_MS).toBe(604_800_000);
  });

  test('an action in progress without a token (a deploy) is not an approval', () => {
    const state = waitingState();
    const staging = state.stageStates?.[2];
    if (staging?.actionStates) staging.actionStates[1].latestExecution = { status: 'InProgress', lastStatusChange: REQUESTED_AT };
    expect(pendingApprovals(state).map((a) => a.actionName)).toEqual(['PromoteToProd']);
  });

  test('an answered approval is not pending', () => {
    const state = waitingState();
    const prod = state.stageStates?.[3];
    if (prod?.actionStates) prod.actionStates[0].latestExecution = { status: 'Succeeded', token: TOKEN };
    expect(pendingApprovals(state)).toEqual([]);
  });
});

describe('selectApproval', () => {
  test('finds the stage without regard to case', () => {
    expect(selectApproval(waitingState(), PIPELINE, 'prod').actionName).toBe('PromoteToProd');
    expect(findStage(waitingState(), PIPELINE, 'STAGING').stageName).toBe('Staging');
  });

  test('picks one of several approvals with --action, ignoring case', () => {
    expect(selectApproval(twoApprovals(), PIPELINE, 'Prod', 'securityreview').token).toBe('second-token');
  });

  test('fails when the stage is unknown, listing the real stages', () => {
    const err = failure(() => selectApproval(waitingState(), PIPELINE, 'Production'));
    expect(err.exitCode).toBe(ExitCode.STAGE_NOT_FOUND);
    expect(err.message).toBe("stage 'Production' is not in pipeline 'mlops-pipeline'; its stages are: Source, Build, Staging, Prod");
  });

  test('fails when the stage has no pending approval, naming the stages that have one', () => {
    const err = failure(() => selectApproval(waitingState(), PIPELINE, 'staging'));
    expect(err.exitCode).toBe(ExitCode.NO_PENDING_APPROVAL);
    expect(err.message).toBe("stage 'Staging' has no pending approval; stages waiting for approval: Prod (PromoteToProd)");
  });

  test('fails when no stage has a pending approval, saying so', () => {
    const state = waitingState();
    const prod = state.stageStates?.[3];
    if (prod?.actionStates) prod.actionStates[0].latestExecution = { status: 'Succeeded' };
    const err = failure(() => selectApproval(state, PIPELINE, 'Prod'));
    expect(err.exitCode).toBe(ExitCode.NO_PENDING_APPROVAL);
    expect(err.message).toContain("no stage of 'mlops-pipeline' is waiting for approval");
  });

  test('fails when the stage has several approvals and --action is missing', () => {
    const err = failure(() => selectApproval(twoApprovals(), PIPELINE, 'Prod'));
    expect(err.exitCode).toBe(ExitCode.USAGE);
    expect(err.message).toBe("stage 'Prod' has 2 pending approvals (PromoteToProd, SecurityReview); choose one with --action NAME");
  });

  test('fails when --action names no pending approval of the stage', () => {
    const err = failure(() => selectApproval(waitingState(), PIPELINE, 'Prod', 'Endpoint.Deploy'));
    expect(err.exitCode).toBe(ExitCode.ACTION_NOT_FOUND);
    expect(err.message).toBe("stage 'Prod' has no pending approval named 'Endpoint.Deploy'; pending there: PromoteToProd");
  });
});

describe('what a pending approval carries', () => {
  const stage = (actionStates: StageState['actionStates'], extra: Partial<StageState> = {}): StageState => ({ stageName: 'Prod', actionStates, ...extra });
  const waiting = { status: 'InProgress' as const, token: TOKEN };

  test('only what CodePipeline reported: no execution, time, summary or link when it has none', () => {
    expect(stagePendingApprovals(stage([{ actionName: 'Promote', latestExecution: waiting }]))).toEqual([{ stageName: 'Prod', actionName: 'Promote', token: TOKEN }]);
  });

  test("the execution's external link before the action's entity link", () => {
    const both = stage([{ actionName: 'Promote', entityUrl: 'https://entity', latestExecution: { ...waiting, externalExecutionUrl: 'https://review' } }]);
    expect(stagePendingApprovals(both)[0].url).toBe('https://review');
    const entityOnly = stage([{ actionName: 'Promote', entityUrl: 'https://entity', latestExecution: waiting }]);
    expect(stagePendingApprovals(entityOnly)[0].url).toBe('https://entity');
  });

  test('the execution of the stage and the expiry 7 days after the request', () => {
    const requestedAt = new Date('2026-05-01T00:00:00Z');
    const found = stagePendingApprovals(stage([{ actionName: 'Promote', latestExecution: { ...waiting, lastStatusChange: requestedAt } }], { latestExecution: { pipelineExecutionId: 'exec-1', status: 'InProgress' } }));
    expect(found).toEqual([{ stageName: 'Prod', actionName: 'Promote', token: TOKEN, pipelineExecutionId: 'exec-1', requestedAt, expiresAt: new Date('2026-05-08T00:00:00Z') }]);
  });

  test('an action without a name, without a token, or not in progress is not pending', () => {
    expect(stagePendingApprovals(stage([{ latestExecution: waiting }]))).toEqual([]);
    expect(stagePendingApprovals(stage([{ actionName: 'Promote', latestExecution: { status: 'InProgress', token: '' } }]))).toEqual([]);
    expect(stagePendingApprovals(stage([{ actionName: 'Promote', latestExecution: { ...waiting, status: 'Failed' } }]))).toEqual([]);
    expect(stagePendingApprovals(stage([{ actionName: 'Promote' }]))).toEqual([]);
    expect(stagePendingApprovals({ stageName: 'Prod' })).toEqual([]);
  });

  test('a stage without a name still lists its approvals, under an empty stage name', () => {
    expect(stagePendingApprovals({ actionStates: [{ actionName: 'Promote', latestExecution: waiting }] })).toEqual([{ stageName: '', actionName: 'Promote', token: TOKEN }]);
  });

  test('approvals of every stage, in stage order', () => {
    const state: GetPipelineStateOutput = {
      stageStates: [stage([{ actionName: 'A', latestExecution: waiting }], { stageName: 'Staging' }), stage([{ actionName: 'B', latestExecution: waiting }])],
    };
    expect(pendingApprovals(state).map((a) => `${a.stageName}/${a.actionName}`)).toEqual(['Staging/A', 'Prod/B']);
    expect(pendingApprovals({})).toEqual([]);
  });
});

describe('finding stages and actions by name', () => {
  test('prefers the stage spelled exactly as given over one that differs in case', () => {
    const state: GetPipelineStateOutput = { stageStates: [{ stageName: 'prod' }, { stageName: 'Prod' }] };
    expect(findStage(state, PIPELINE, 'Prod')).toBe(state.stageStates?.[1]);
    expect(findStage(state, PIPELINE, 'prod')).toBe(state.stageStates?.[0]);
    expect(findStage(state, PIPELINE, 'PROD')).toBe(state.stageStates?.[0]);
  });

  test('fails naming unnamed stages with a question mark, and a pipeline without stages as having none', () => {
    expect(failure(() => findStage({ stageStates: [{ stageName: 'Source' }, {}] }, PIPELINE, 'Prod')).message).toBe(
      "stage 'Prod' is not in pipeline 'mlops-pipeline'; its stages are: Source, ?",
    );
    expect(failure(() => findStage({}, PIPELINE, 'Prod')).message).toBe("stage 'Prod' is not in pipeline 'mlops-pipeline'; its stages are: (none)");
  });

  test('prefers the action spelled exactly as given over one that differs in case', () => {
    const state = twoApprovals();
    state.stageStates?.[3].actionStates?.push({ actionName: 'securityreview', latestExecution: { status: 'InProgress', token: 'third-token' } });
    expect(selectApproval(state, PIPELINE, 'Prod', 'SecurityReview').token).toBe('second-token');
    expect(selectApproval(state, PIPELINE, 'Prod', 'securityreview').token).toBe('third-token');
    expect(selectApproval(state, PIPELINE, 'Prod', 'SECURITYREVIEW').token).toBe('second-token');
  });

  test('the only pending approval of a stage is chosen without --action, and with it', () => {
    expect(selectApproval(waitingState(), PIPELINE, 'Prod').token).toBe(TOKEN);
    expect(selectApproval(waitingState(), PIPELINE, 'Prod', 'PromoteToProd').token).toBe(TOKEN);
  });

  test('fails when --action names no pending approval of a stage with several, listing them', () => {
    const err = failure(() => selectApproval(twoApprovals(), PIPELINE, 'Prod', 'Deploy'));
    expect(err.exitCode).toBe(ExitCode.ACTION_NOT_FOUND);
    expect(err.message).toBe("stage 'Prod' has no pending approval named 'Deploy'; pending there: PromoteToProd, SecurityReview");
  });

  test('fails when the stage has no pending approval, listing every stage that has one', () => {
    const state = twoApprovals();
    state.stageStates?.[2].actionStates?.push({ actionName: 'QA', latestExecution: { status: 'InProgress', token: 'qa-token' } });
    const err = failure(() => selectApproval(state, PIPELINE, 'Build'));
    expect(err.message).toBe("stage 'Build' has no pending approval; stages waiting for approval: Staging (QA), Prod (PromoteToProd), Prod (SecurityReview)");
  });

  test('fails when no stage waits, saying how to see where the execution is', () => {
    const state = waitingState();
    const prod = state.stageStates?.[3];
    if (prod?.actionStates) prod.actionStates[0].latestExecution = { status: 'Succeeded' };
    expect(failure(() => selectApproval(state, PIPELINE, 'prod')).message).toBe(
      "stage 'Prod' has no pending approval; no stage of 'mlops-pipeline' is waiting for approval; run `mlpipe status` to see where the latest execution is",
    );
  });
});

