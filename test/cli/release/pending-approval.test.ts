import type { GetPipelineStateOutput } from '@aws-sdk/client-codepipeline';
import { ExitCode } from '../../../cli/exit-codes';
import { APPROVAL_TIMEOUT_MS, findStage, pendingApprovals, selectApproval } from '../../../cli/lib/release/pending-approval';
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
