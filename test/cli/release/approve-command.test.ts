import { CodePipelineClient, GetPipelineExecutionCommand, GetPipelineStateCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { createApproveCommand } from '../../../cli/commands/approve';
import { ExitCode } from '../../../cli/exit-codes';
import { createCodePipelineClient } from '../../../cli/lib/aws/codepipeline-client';
import { sdkErrors } from './errors';
import { EXECUTION_ID, NOW, PIPELINE, TOKEN, runCommand, waitingExecution, waitingState } from './fixtures';

const cp = mockClient(CodePipelineClient);
const approve = createApproveCommand({ now: () => NOW, createClient: createCodePipelineClient });
const FLAGS = ['--pipeline', PIPELINE, '--region', 'eu-west-1'];
const APPROVED_AT = new Date('2026-05-04T12:00:05Z');

beforeEach(() => {
  cp.reset();
  cp.on(GetPipelineStateCommand).resolves(waitingState());
  cp.on(GetPipelineExecutionCommand).resolves({ pipelineExecution: waitingExecution() });
  cp.on(PutApprovalResultCommand).resolves({ approvedAt: APPROVED_AT });
});

const putCalls = () => cp.commandCalls(PutApprovalResultCommand).map((c) => c.args[0].input);

describe('mlpipe approve', () => {
  test('answers the pending approval of the stage with its token and prints what was approved', async () => {
    const result = await runCommand(approve, ['Prod', '--comment', 'staging latency ok, CHG-1234', ...FLAGS]);
    expect(result.code).toBe(ExitCode.OK);
    // the versions the approval promotes are read (and printed) before it is answered
    expect(cp.calls().map((c) => c.args[0].constructor.name)).toEqual(['GetPipelineStateCommand', 'GetPipelineExecutionCommand', 'ListPipelineExecutionsCommand', 'ListActionExecutionsCommand', 'PutApprovalResultCommand']);
    expect(cp.commandCalls(GetPipelineExecutionCommand)[0].args[0].input).toEqual({ pipelineName: PIPELINE, pipelineExecutionId: EXECUTION_ID });
    expect(putCalls()).toEqual([
      {
        pipelineName: PIPELINE,
        stageName: 'Prod',
        actionName: 'PromoteToProd',
        token: TOKEN,
        result: { status: 'Approved', summary: 'staging latency ok, CHG-1234' },
      },
    ]);
    expect(result.stdout).toBe(
      [
        `  Prod / PromoteToProd would deploy (execution ${EXECUTION_ID}):`,
        "    no model versions recorded (the execution's Train step exported no MODEL_VERSIONS)",
        'approved Prod / PromoteToProd of pipeline mlops-pipeline at 2026-05-04 12:00 UTC',
        `  execution  ${EXECUTION_ID}`,
        '  revision   sagemaker-cdk-pipeline_Source: 4e5f6a7b "Tune the learning rate of the iris model"',
        '  comment    staging latency ok, CHG-1234',
        'the execution goes on into Prod; follow it with `mlpipe status`',
        '',
      ].join('\n'),
    );
  });

  test('matches the stage without regard to case and sends the name the pipeline uses', async () => {
    await runCommand(approve, ['prod', ...FLAGS]);
    expect(putCalls()[0]).toMatchObject({ stageName: 'Prod', actionName: 'PromoteToProd', result: { status: 'Approved', summary: 'approved with mlpipe approve' } });
  });

  test('prints one JSON document with --json', async () => {
    const result = await runCommand(approve, ['Prod', '--json', ...FLAGS]);
    expect(JSON.parse(result.stdout)).toEqual({
      pipelineName: PIPELINE,
      stageName: 'Prod',
      actionName: 'PromoteToProd',
      decision: 'Approved',
      summary: 'approved with mlpipe approve',
      pipelineExecutionId: EXECUTION_ID,
      revisions: [
        {
          source: 'sagemaker-cdk-pipeline_Source',
          revisionId: '4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f',
          message: 'Tune the learning rate of the iris model',
          url: expect.stringContaining('/commit/4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f'),
        },
      ],
      answeredAt: APPROVED_AT.toISOString(),
      region: 'eu-west-1',
      models: { stageName: 'Prod', actionName: 'PromoteToProd', pipelineExecutionId: EXECUTION_ID, models: [] },
    });
  });

  test('answers the approval named with --action when the stage has several', async () => {
    const state = waitingState();
    state.stageStates?.[3].actionStates?.push({ actionName: 'SecurityReview', latestExecution: { status: 'InProgress', token: 'token-2' } });
    cp.on(GetPipelineStateCommand).resolves(state);
    await runCommand(approve, ['Prod', '--action', 'SecurityReview', ...FLAGS]);
    expect(putCalls()[0]).toMatchObject({ actionName: 'SecurityReview', token: 'token-2' });
  });

  test('fails when the stage has no pending approval, naming the stages that do (exit 13)', async () => {
    const result = await runCommand(approve, ['Staging', ...FLAGS]);
    expect(result.code).toBe(ExitCode.NO_PENDING_APPROVAL);
    expect(result.stderr).toBe("mlpipe approve: stage 'Staging' has no pending approval; stages waiting for approval: Prod (PromoteToProd)\n");
    expect(putCalls()).toEqual([]);
  });

  test('fails when the stage is not in the pipeline, listing its stages (exit 11)', async () => {
    const result = await runCommand(approve, ['Production', ...FLAGS]);
    expect(result.code).toBe(ExitCode.STAGE_NOT_FOUND);
    expect(result.stderr).toBe("mlpipe approve: stage 'Production' is not in pipeline 'mlops-pipeline'; its stages are: Source, Build, Staging, Prod\n");
    expect(putCalls()).toEqual([]);
  });

  test('fails when the pipeline does not exist (exit 10)', async () => {
    cp.on(GetPipelineStateCommand).rejects(sdkErrors.pipelineNotFound());
    const result = await runCommand(approve, ['Prod', ...FLAGS]);
    expect(result.code).toBe(ExitCode.PIPELINE_NOT_FOUND);
    expect(putCalls()).toEqual([]);
  });

  test('fails when someone answered the approval first (exit 14)', async () => {
    cp.on(PutApprovalResultCommand).rejects(sdkErrors.alreadyCompleted());
    const result = await runCommand(approve, ['Prod', ...FLAGS]);
    expect(result.code).toBe(ExitCode.APPROVAL_ALREADY_COMPLETED);
    expect(result.stderr).toBe('mlpipe approve: approval Prod / PromoteToProd was already answered by someone else; run `mlpipe status` to see what happened and what waits now\n');
    // only what it would have promoted was printed, no approval
    expect(result.stdout).toBe(`  Prod / PromoteToProd would deploy (execution ${EXECUTION_ID}):\n    no model versions recorded (the execution's Train step exported no MODEL_VERSIONS)\n`);
  });

  test('fails when the approval token expired (exit 15)', async () => {
    cp.on(PutApprovalResultCommand).rejects(sdkErrors.invalidToken());
    const result = await runCommand(approve, ['Prod', ...FLAGS]);
    expect(result.code).toBe(ExitCode.APPROVAL_TOKEN_INVALID);
    expect(result.stderr).toContain('the token of approval Prod / PromoteToProd is no longer valid: the approval expired (after 7 days)');
  });

  test('fails when the approval action disappeared meanwhile (exit 12)', async () => {
    cp.on(PutApprovalResultCommand).rejects(sdkErrors.actionNotFound());
    expect((await runCommand(approve, ['Prod', ...FLAGS])).code).toBe(ExitCode.ACTION_NOT_FOUND);
  });

  test('fails when the stage disappeared meanwhile (exit 11)', async () => {
    cp.on(PutApprovalResultCommand).rejects(sdkErrors.stageNotFound());
    expect((await runCommand(approve, ['Prod', ...FLAGS])).code).toBe(ExitCode.STAGE_NOT_FOUND);
  });

  test('fails when --action names no pending approval (exit 12)', async () => {
    const result = await runCommand(approve, ['Prod', '--action', 'Deploy', ...FLAGS]);
    expect(result.code).toBe(ExitCode.ACTION_NOT_FOUND);
    expect(putCalls()).toEqual([]);
  });

  test('fails when throttled, before answering anything (exit 16)', async () => {
    cp.on(GetPipelineExecutionCommand).rejects(sdkErrors.throttled());
    const result = await runCommand(approve, ['Prod', ...FLAGS]);
    expect(result.code).toBe(ExitCode.THROTTLED);
    expect(putCalls()).toEqual([]);
  });

  test('fails when there are no credentials (exit 17)', async () => {
    cp.on(GetPipelineStateCommand).rejects(sdkErrors.noCredentials());
    expect((await runCommand(approve, ['Prod', ...FLAGS])).code).toBe(ExitCode.NO_CREDENTIALS);
  });

  test('fails when the caller may not approve (exit 18)', async () => {
    cp.on(PutApprovalResultCommand).rejects(sdkErrors.accessDenied());
    const result = await runCommand(approve, ['Prod', ...FLAGS]);
    expect(result.code).toBe(ExitCode.ACCESS_DENIED);
    expect(result.stderr).toContain('codepipeline:PutApprovalResult');
  });

  test('fails when the stage is not named (exit 2)', async () => {
    const result = await runCommand(approve, FLAGS);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain('name the stage to approve, e.g. `mlpipe approve Prod`');
    expect(cp.calls()).toHaveLength(0);
  });

  test('fails when the comment is longer than CodePipeline accepts (exit 2)', async () => {
    const result = await runCommand(approve, ['Prod', '--comment', 'x'.repeat(513), ...FLAGS]);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain('--comment is 513 characters; CodePipeline accepts at most 512: shorten it');
    expect(cp.calls()).toHaveLength(0);
  });
});
