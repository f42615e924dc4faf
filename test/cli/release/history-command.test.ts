import { CodePipelineClient, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { createHistoryCommand } from '../../../cli/commands/history';
import { ExitCode } from '../../../cli/exit-codes';
import { createCodePipelineClient } from '../../../cli/lib/aws/codepipeline-client';
import { sdkErrors } from './errors';
import { EXECUTION_ID, NOW, PIPELINE, executionSummaries, runCommand } from './fixtures';

const cp = mockClient(CodePipelineClient);
const history = createHistoryCommand({ now: () => NOW, createClient: createCodePipelineClient });
const FLAGS = ['--pipeline', PIPELINE, '--region', 'eu-west-1'];
const listCalls = () => cp.commandCalls(ListPipelineExecutionsCommand).map((c) => c.args[0].input);

/** n executions with distinct ids, one page's worth. */
const page = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ ...executionSummaries()[1], pipelineExecutionId: `exec-${from + i}` }));

beforeEach(() => {
  cp.reset();
  cp.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: executionSummaries() });
});

describe('mlpipe history', () => {
  test('asks for the last 10 executions and prints them newest first', async () => {
    const result = await runCommand(history, FLAGS);
    expect(result.code).toBe(ExitCode.OK);
    expect(listCalls()).toEqual([{ pipelineName: PIPELINE, maxResults: 10 }]);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('pipeline mlops-pipeline: the last 3 executions, newest first');
    expect(lines[3]).toBe(`${EXECUTION_ID}  InProgress  CloudWatchEvent (mlops-pipeline-source-rule)  2026-05-04 09:00 UTC  3h so far  4e5f6a7b "Tune the learning rate of the iris model"`);
  });

  test('pages through ListPipelineExecutions up to --limit', async () => {
    cp.on(ListPipelineExecutionsCommand, { nextToken: undefined }).resolves({ pipelineExecutionSummaries: page(0, 100), nextToken: 'page-2' });
    cp.on(ListPipelineExecutionsCommand, { nextToken: 'page-2' }).resolves({ pipelineExecutionSummaries: page(100, 50), nextToken: 'page-3' });
    const result = await runCommand(history, ['--limit', '150', '--json', ...FLAGS]);
    expect(listCalls()).toEqual([
      { pipelineName: PIPELINE, maxResults: 100 },
      { pipelineName: PIPELINE, maxResults: 50, nextToken: 'page-2' },
    ]);
    const doc = JSON.parse(result.stdout);
    expect(doc.executions).toHaveLength(150);
    expect(doc.executions[149].pipelineExecutionId).toBe('exec-149');
  });

  test('stops when there are no more pages', async () => {
    const result = await runCommand(history, ['--limit', '500', ...FLAGS]);
    expect(listCalls()).toEqual([{ pipelineName: PIPELINE, maxResults: 100 }]);
    expect(result.stdout).toContain('the last 3 executions');
  });

  test('prints one JSON document with --json', async () => {
    const doc = JSON.parse((await runCommand(history, ['--json', ...FLAGS])).stdout);
    expect(doc).toMatchObject({ pipelineName: PIPELINE, region: 'eu-west-1', readAt: NOW.toISOString() });
    expect(doc.executions[1]).toEqual({
      pipelineExecutionId: '0a0b0c0d-1111-4222-8333-444455556666',
      status: 'Succeeded',
      trigger: 'StartPipelineExecution',
      triggerDetail: 'arn:aws:sts::111111111111:assumed-role/ReleaseManager/alice',
      revisions: [{ source: 'sagemaker-cdk-pipeline', revisionId: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432', message: 'Add the latency gate' }],
      startTime: '2026-05-03T08:00:00.000Z',
      durationMs: 2_530_000,
      running: false,
    });
  });

  test.each(['0', '1001', 'ten', '2.5', '-3'])('fails when --limit is %s, with exit code 2', async (limit) => {
    const result = await runCommand(history, [`--limit=${limit}`, ...FLAGS]);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain(`--limit '${limit}' must be a whole number from 1 to 1000`);
    expect(cp.calls()).toHaveLength(0);
  });

  test('fails when the pipeline does not exist (exit 10)', async () => {
    cp.on(ListPipelineExecutionsCommand).rejects(sdkErrors.pipelineNotFound());
    const result = await runCommand(history, FLAGS);
    expect(result.code).toBe(ExitCode.PIPELINE_NOT_FOUND);
    expect(result.stderr).toContain("pipeline 'mlops-pipeline' not found in eu-west-1");
  });

  test('fails when throttled (exit 16)', async () => {
    cp.on(ListPipelineExecutionsCommand).rejects(sdkErrors.throttled());
    expect((await runCommand(history, FLAGS)).code).toBe(ExitCode.THROTTLED);
  });

  test('fails when there are no credentials (exit 17)', async () => {
    cp.on(ListPipelineExecutionsCommand).rejects(sdkErrors.noCredentials());
    expect((await runCommand(history, FLAGS)).code).toBe(ExitCode.NO_CREDENTIALS);
  });

  test('fails when AWS answers with another error (exit 21)', async () => {
    cp.on(ListPipelineExecutionsCommand).rejects(sdkErrors.validation());
    const result = await runCommand(history, FLAGS);
    expect(result.code).toBe(ExitCode.AWS_ERROR);
    expect(result.stderr).toBe('mlpipe history: CodePipeline returned ValidationException: 1 validation error detected\n');
  });
});
