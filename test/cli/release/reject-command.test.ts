import { CodePipelineClient, GetPipelineExecutionCommand, GetPipelineStateCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { createRejectCommand } from '../../../cli/commands/reject';
import { ExitCode } from '../../../cli/exit-codes';
import { createCodePipelineClient } from '../../../cli/lib/aws/codepipeline-client';
import { sdkErrors } from './errors';
import { EXECUTION_ID, NOW, PIPELINE, TOKEN, runCommand, waitingExecution, waitingState } from './fixtures';

const cp = mockClient(CodePipelineClient);
const reject = createRejectCommand({ now: () => NOW, createClient: createCodePipelineClient });
const FLAGS = ['--pipeline', PIPELINE, '--region', 'eu-west-1'];

beforeEach(() => {
  cp.reset();
  cp.on(GetPipelineStateCommand).resolves(waitingState());
  cp.on(GetPipelineExecutionCommand).resolves({ pipelineExecution: waitingExecution() });
  cp.on(PutApprovalResultCommand).resolves({ approvedAt: new Date('2026-05-04T12:01:00Z') });
});

const putCalls = () => cp.commandCalls(PutApprovalResultCommand).map((c) => c.args[0].input);

describe('mlpipe reject', () => {
  test('rejects the pending approval with the reason and prints what was rejected', async () => {
    const result = await runCommand(reject, ['Prod', '--reason', 'p99 latency regressed in staging', ...FLAGS]);
    expect(result.code).toBe(ExitCode.OK);
    expect(putCalls()).toEqual([
      {
        pipelineName: PIPELINE,
        stageName: 'Prod',
        actionName: 'PromoteToProd',
        token: TOKEN,
        result: { status: 'Rejected', summary: 'p99 latency regressed in staging' },
      },
    ]);
    expect(result.stdout).toBe(
      [
        'rejected Prod / PromoteToProd of pipeline mlops-pipeline at 2026-05-04 12:01 UTC',
        `  execution  ${EXECUTION_ID}`,
        '  revision   sagemaker-cdk-pipeline_Source: 4e5f6a7b "Tune the learning rate of the iris model"',
        '  reason     p99 latency regressed in staging',
        'the execution stops at Prod; push a fix to start a new one',
        'model registry:',
        '  no model versions recorded for this execution (its Train step exported no MODEL_VERSIONS)',
        '',
      ].join('\n'),
    );
  });

  test('colours the verdict red on a terminal', async () => {
    const result = await runCommand(reject, ['Prod', '--reason', 'no', ...FLAGS], { isTty: true });
    expect(result.stdout.startsWith('\u001b[31mrejected\u001b[39m ')).toBe(true);
  });

  test('prints one JSON document with --json', async () => {
    const doc = JSON.parse((await runCommand(reject, ['Prod', '--reason', 'no', '--json', ...FLAGS])).stdout);
    expect(doc).toMatchObject({ decision: 'Rejected', summary: 'no', stageName: 'Prod', actionName: 'PromoteToProd', pipelineExecutionId: EXECUTION_ID });
  });

  test.each([[[]], [['--reason', '   ']]])('fails when the reason is missing or blank (%j), with exit code 2', async (extra) => {
    const result = await runCommand(reject, ['Prod', ...extra, ...FLAGS]);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain('--reason is required: say why');
    expect(cp.calls()).toHaveLength(0);
  });

  test('fails when the reason is longer than CodePipeline accepts, with exit code 2', async () => {
    const result = await runCommand(reject, ['Prod', '--reason', 'y'.repeat(600), ...FLAGS]);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain('--reason is 600 characters');
  });

  test('fails when the stage has no pending approval (exit 13)', async () => {
    const result = await runCommand(reject, ['build', '--reason', 'no', ...FLAGS]);
    expect(result.code).toBe(ExitCode.NO_PENDING_APPROVAL);
    expect(result.stderr).toContain("stage 'Build' has no pending approval; stages waiting for approval: Prod (PromoteToProd)");
    expect(putCalls()).toEqual([]);
  });

  test('fails when the approval was already answered (exit 14)', async () => {
    cp.on(PutApprovalResultCommand).rejects(sdkErrors.alreadyCompleted());
    expect((await runCommand(reject, ['Prod', '--reason', 'no', ...FLAGS])).code).toBe(ExitCode.APPROVAL_ALREADY_COMPLETED);
  });

  test('fails when the token expired (exit 15)', async () => {
    cp.on(PutApprovalResultCommand).rejects(sdkErrors.invalidToken());
    expect((await runCommand(reject, ['Prod', '--reason', 'no', ...FLAGS])).code).toBe(ExitCode.APPROVAL_TOKEN_INVALID);
  });

  test('fails when the endpoint cannot be reached (exit 20)', async () => {
    cp.on(GetPipelineStateCommand).rejects(sdkErrors.dnsFailure());
    const result = await runCommand(reject, ['Prod', '--reason', 'no', ...FLAGS]);
    expect(result.code).toBe(ExitCode.ENDPOINT_UNREACHABLE);
    expect(result.stderr).toContain('getaddrinfo ENOTFOUND');
  });
});
