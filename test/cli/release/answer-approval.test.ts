import { CodePipelineClient, GetPipelineExecutionCommand, GetPipelineStateCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { ExitCode } from '../../../cli/exit-codes';
import { MAX_APPROVAL_SUMMARY, answerApproval } from '../../../cli/lib/release/answer-approval';
import { ReleaseError } from '../../../cli/lib/release/release-error';
import { sdkErrors } from './errors';
import { COMMIT, EXECUTION_ID, PIPELINE, TOKEN, waitingExecution, waitingState } from './fixtures';

const cp = mockClient(CodePipelineClient);
const client = new CodePipelineClient({ region: 'eu-west-1' });
const ctx = { pipelineName: PIPELINE, region: 'eu-west-1' };
const ANSWERED_AT = new Date('2026-05-04T12:00:05Z');
const REVISION = {
  source: 'sagemaker-cdk-pipeline_Source',
  revisionId: COMMIT,
  message: 'Tune the learning rate of the iris model',
  url: `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/sagemaker-cdk-pipeline/commit/${COMMIT}`,
};

beforeEach(() => {
  cp.reset();
  cp.on(GetPipelineStateCommand).resolves(waitingState());
  cp.on(GetPipelineExecutionCommand).resolves({ pipelineExecution: waitingExecution() });
  cp.on(PutApprovalResultCommand).resolves({ approvedAt: ANSWERED_AT });
});

const calls = () => cp.calls().map((c) => c.args[0].constructor.name);

describe('answerApproval', () => {
  test('answers the approval with its token and returns the execution and revisions it answered for', async () => {
    const outcome = await answerApproval(client, { stage: 'prod', decision: 'Rejected', summary: 'latency regressed' }, ctx);
    expect(outcome).toEqual({
      pipelineName: PIPELINE,
      stageName: 'Prod',
      actionName: 'PromoteToProd',
      decision: 'Rejected',
      summary: 'latency regressed',
      pipelineExecutionId: EXECUTION_ID,
      revisions: [REVISION],
      answeredAt: ANSWERED_AT,
    });
    expect(calls()).toEqual(['GetPipelineStateCommand', 'GetPipelineExecutionCommand', 'PutApprovalResultCommand']);
    expect(cp.commandCalls(PutApprovalResultCommand)[0].args[0].input).toEqual({
      pipelineName: PIPELINE,
      stageName: 'Prod',
      actionName: 'PromoteToProd',
      token: TOKEN,
      result: { status: 'Rejected', summary: 'latency regressed' },
    });
  });

  test('answers the approval named by the action of a stage with several', async () => {
    const state = waitingState();
    state.stageStates?.[3].actionStates?.push({ actionName: 'SecurityReview', latestExecution: { status: 'InProgress', token: 'second-token' } });
    cp.on(GetPipelineStateCommand).resolves(state);
    const outcome = await answerApproval(client, { stage: 'Prod', action: 'SecurityReview', decision: 'Approved', summary: 'ok' }, ctx);
    expect(outcome.actionName).toBe('SecurityReview');
    expect(cp.commandCalls(PutApprovalResultCommand)[0].args[0].input).toMatchObject({ actionName: 'SecurityReview', token: 'second-token' });
  });

  test('answers without revisions when the stage does not say which execution waits', async () => {
    const state = waitingState();
    const prod = state.stageStates?.[3];
    if (prod) delete prod.latestExecution;
    cp.on(GetPipelineStateCommand).resolves(state);
    const outcome = await answerApproval(client, { stage: 'Prod', decision: 'Approved', summary: 'ok' }, ctx);
    expect(outcome).toEqual({ pipelineName: PIPELINE, stageName: 'Prod', actionName: 'PromoteToProd', decision: 'Approved', summary: 'ok', revisions: [], answeredAt: ANSWERED_AT });
    expect(outcome).not.toHaveProperty('pipelineExecutionId');
    expect(calls()).toEqual(['GetPipelineStateCommand', 'PutApprovalResultCommand']);
  });

  test('answers without revisions when CodePipeline no longer has the execution', async () => {
    cp.on(GetPipelineExecutionCommand).rejects(sdkErrors.executionNotFound());
    const outcome = await answerApproval(client, { stage: 'Prod', decision: 'Approved', summary: 'ok' }, ctx);
    expect(outcome).toMatchObject({ pipelineExecutionId: EXECUTION_ID, revisions: [] });
    expect(calls()).toContain('PutApprovalResultCommand');
  });

  test('leaves out the answer time when CodePipeline does not return one', async () => {
    cp.on(PutApprovalResultCommand).resolves({});
    const outcome = await answerApproval(client, { stage: 'Prod', decision: 'Approved', summary: 'ok' }, ctx);
    expect(outcome).not.toHaveProperty('answeredAt');
  });

  test('fails before answering anything when the revisions cannot be read', async () => {
    cp.on(GetPipelineExecutionCommand).rejects(sdkErrors.throttled());
    const answer = answerApproval(client, { stage: 'Prod', decision: 'Approved', summary: 'ok' }, ctx);
    await expect(answer).rejects.toBeInstanceOf(ReleaseError);
    await expect(answer).rejects.toMatchObject({ exitCode: ExitCode.THROTTLED });
    expect(cp.commandCalls(PutApprovalResultCommand)).toHaveLength(0);
  });

  test('fails when someone answered first, naming the approval it answered', async () => {
    cp.on(PutApprovalResultCommand).rejects(sdkErrors.alreadyCompleted());
    await expect(answerApproval(client, { stage: 'Prod', decision: 'Approved', summary: 'ok' }, ctx)).rejects.toMatchObject({
      exitCode: ExitCode.APPROVAL_ALREADY_COMPLETED,
      message: expect.stringContaining('approval Prod / PromoteToProd was already answered'),
    });
  });

  test('fails when the stage has no pending approval, without answering', async () => {
    await expect(answerApproval(client, { stage: 'Staging', decision: 'Approved', summary: 'ok' }, ctx)).rejects.toMatchObject({ exitCode: ExitCode.NO_PENDING_APPROVAL });
    expect(calls()).toEqual(['GetPipelineStateCommand']);
  });

  test('accepts summaries up to the 512 characters PutApprovalResult takes', () => {
    expect(MAX_APPROVAL_SUMMARY).toBe(512);
  });
});
