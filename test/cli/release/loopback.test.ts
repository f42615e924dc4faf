import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, pipelineName } from '../../../config';
import { ExitCode } from '../../../cli/exit-codes';
import { FakeCodePipeline, awsJsonError, closedEndpoint, epochSeconds } from './fake-codepipeline';
import { COMMIT, EXECUTION_ID, REQUESTED_AT, TOKEN, writeConfigDir } from './fixtures';
import type { CliResult } from '../../helpers/run-cli';
import { loopbackAwsEnv, runCli } from '../../helpers/run-cli';

/**
 * the real `mlpipe` process against a loopback CodePipeline: proves the wire format (awsJson1_1
 * requests, signed with the environment's credentials, answers with epoch-second timestamps) and
 * that AWS_ENDPOINT_URL_CODEPIPELINE, AWS_REGION and AWS_MAX_ATTEMPTS reach the SDK.
 */
const fake = new FakeCodePipeline();
let endpoint = '';
/** the child's HOME and working directory: a minimal pipeline.yaml and no ~/.aws */
let home = '';
let pipeline = '';

/** runs the real CLI in `home` with childEnv(extra). */
const mlpipe = (args: readonly string[], env: NodeJS.ProcessEnv = childEnv()): Promise<CliResult> => runCli(args, { cwd: home, env });

/** the child's environment: dummy credentials, no profile files, no instance metadata. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return loopbackAwsEnv(home, { AWS_ENDPOINT_URL_CODEPIPELINE: endpoint, ...extra });
}

/** GetPipelineState as the service sends it: a Prod approval waiting. */
const pipelineState = () => ({
  pipelineName: pipeline,
  pipelineVersion: 3,
  stageStates: [
    {
      stageName: 'Staging',
      latestExecution: { pipelineExecutionId: EXECUTION_ID, status: 'Succeeded' },
      actionStates: [{ actionName: 'Deploy', latestExecution: { status: 'Succeeded', lastStatusChange: epochSeconds(REQUESTED_AT) - 60 } }],
    },
    {
      stageName: 'Prod',
      latestExecution: { pipelineExecutionId: EXECUTION_ID, status: 'InProgress' },
      actionStates: [{ actionName: 'PromoteToProd', latestExecution: { status: 'InProgress', token: TOKEN, lastStatusChange: epochSeconds(REQUESTED_AT) } }],
    },
  ],
});

const pipelineExecution = () => ({
  pipelineExecution: {
    pipelineName: pipeline,
    pipelineExecutionId: EXECUTION_ID,
    status: 'InProgress',
    artifactRevisions: [{ name: 'Source', revisionId: COMMIT, revisionSummary: '{"ProviderType":"GitHub","CommitMessage":"Tune the learning rate"}' }],
  },
});

beforeAll(async () => {
  home = writeConfigDir();
  pipeline = pipelineName(loadConfig(join(home, 'pipeline.yaml')));
  endpoint = await fake.start();
});

afterAll(async () => {
  await fake.stop();
  rmSync(home, { recursive: true, force: true });
});

beforeEach(() => {
  fake.reset();
  fake.handlers = {
    GetPipelineState: () => ({ status: 200, body: pipelineState() }),
    GetPipelineExecution: () => ({ status: 200, body: pipelineExecution() }),
    PutApprovalResult: () => ({ status: 200, body: { approvedAt: epochSeconds(new Date('2026-05-04T12:00:05Z')) } }),
    // the model versions of the stages and of the promotion (none recorded here; see test/cli/registry)
    ListPipelineExecutions: () => ({ status: 200, body: { pipelineExecutionSummaries: [] } }),
    ListActionExecutions: () => ({ status: 200, body: { actionExecutionDetails: [] } }),
  };
});

describe('mlpipe against a loopback CodePipeline endpoint', () => {
  test('status sends signed awsJson1_1 requests for the pipeline named in pipeline.yaml and reads the answers', async () => {
    const result = await mlpipe(['status', '--json'], childEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(fake.requests.map((r) => [r.method, r.path, r.operation, r.body])).toEqual([
      ['POST', '/', 'GetPipelineState', { name: pipeline }],
      ['POST', '/', 'GetPipelineExecution', { pipelineName: pipeline, pipelineExecutionId: EXECUTION_ID }],
      ['POST', '/', 'ListPipelineExecutions', { pipelineName: pipeline, maxResults: 1, filter: { succeededInStage: { stageName: 'Staging' } } }],
      ['POST', '/', 'ListPipelineExecutions', { pipelineName: pipeline, maxResults: 1, filter: { succeededInStage: { stageName: 'Prod' } } }],
      ['POST', '/', 'ListActionExecutions', { pipelineName: pipeline, maxResults: 100, filter: { pipelineExecutionId: EXECUTION_ID } }],
    ]);
    const headers = fake.requests[0].headers;
    expect(headers['x-amz-target']).toBe('CodePipeline_20150709.GetPipelineState');
    expect(headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOOPBACKTEST0000\/\d{8}\/eu-west-1\/codepipeline\/aws4_request, /);
    const doc = JSON.parse(result.stdout);
    expect(doc.region).toBe('eu-west-1');
    expect(doc.pendingApprovals).toEqual([
      expect.objectContaining({ stageName: 'Prod', actionName: 'PromoteToProd', token: TOKEN, requestedAt: REQUESTED_AT.toISOString(), expiresAt: '2026-05-11T09:30:00.000Z' }),
    ]);
    expect(doc.stages[1].revisions).toEqual([{ source: 'Source', revisionId: COMMIT, message: 'Tune the learning rate' }]);
  }, 40_000);

  test('approve finds the token in the state and sends it back in PutApprovalResult', async () => {
    const result = await mlpipe(['approve', 'prod', '--comment', 'latency ok', '--pipeline', pipeline], childEnv());
    expect(result.code).toBe(ExitCode.OK);
    expect(fake.requests.map((r) => r.operation)).toEqual(['GetPipelineState', 'GetPipelineExecution', 'ListPipelineExecutions', 'ListActionExecutions', 'PutApprovalResult']);
    expect(fake.requests.find((r) => r.operation === 'PutApprovalResult')?.body).toEqual({
      pipelineName: pipeline,
      stageName: 'Prod',
      actionName: 'PromoteToProd',
      token: TOKEN,
      result: { status: 'Approved', summary: 'latency ok' },
    });
    expect(result.stdout).toContain(`approved Prod / PromoteToProd of pipeline ${pipeline} at 2026-05-04 12:00 UTC\n`);
    expect(result.stdout).toContain('  revision   Source: 4e5f6a7b "Tune the learning rate"\n');
  }, 40_000);

  test('fails when the token expired, with the exit code of an invalid token', async () => {
    fake.handlers.PutApprovalResult = () => awsJsonError('InvalidApprovalTokenException', 'The token is no longer valid');
    const result = await mlpipe(['reject', 'Prod', '--reason', 'too late', '--pipeline', pipeline], childEnv());
    expect(result.code).toBe(ExitCode.APPROVAL_TOKEN_INVALID);
    expect(fake.requests.find((r) => r.operation === 'PutApprovalResult')?.body).toMatchObject({ token: TOKEN, result: { status: 'Rejected', summary: 'too late' } });
    expect(result.stderr).toContain('the token of approval Prod / PromoteToProd is no longer valid');
  }, 40_000);

  test('fails when throttled, after the SDK retried as often as AWS_MAX_ATTEMPTS allows', async () => {
    fake.handlers.GetPipelineState = () => awsJsonError('ThrottlingException', 'Rate exceeded');
    const result = await mlpipe(['status', '--pipeline', pipeline], childEnv({ AWS_MAX_ATTEMPTS: '2' }));
    expect(result.code).toBe(ExitCode.THROTTLED);
    expect(fake.requests.map((r) => r.operation)).toEqual(['GetPipelineState', 'GetPipelineState']);
    expect(result.stderr).toContain(`CodePipeline is throttling GetPipelineState of pipeline ${pipeline} (ThrottlingException after 2 attempts)`);
  }, 40_000);

  test('fails when the pipeline does not exist', async () => {
    fake.handlers.ListPipelineExecutions = () => awsJsonError('PipelineNotFoundException', 'Account 111111111111 does not have a pipeline with name nope');
    const result = await mlpipe(['history', '--pipeline', 'nope'], childEnv());
    expect(result.code).toBe(ExitCode.PIPELINE_NOT_FOUND);
    expect(fake.requests[0].body).toEqual({ pipelineName: 'nope', maxResults: 10 });
    expect(result.stderr).toContain("pipeline 'nope' not found in eu-west-1");
  }, 40_000);

  test('fails when the endpoint is unreachable', async () => {
    const closed = await closedEndpoint();
    const result = await mlpipe(['status', '--pipeline', pipeline], childEnv({ AWS_ENDPOINT_URL_CODEPIPELINE: closed, AWS_MAX_ATTEMPTS: '1' }));
    expect(result.code).toBe(ExitCode.ENDPOINT_UNREACHABLE);
    expect(result.stderr).toContain(`cannot reach the CodePipeline endpoint ${closed}/ (from AWS_ENDPOINT_URL_CODEPIPELINE) for GetPipelineState of pipeline ${pipeline} (`);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).toContain('; check AWS_ENDPOINT_URL_CODEPIPELINE');
  }, 40_000);

  test('approve without --region or AWS_REGION calls the tooling region of pipeline.yaml', async () => {
    const env = childEnv();
    delete env.AWS_REGION;
    const result = await mlpipe(['approve', 'Prod', '--comment', 'ok'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(fake.requests.map((r) => r.operation)).toEqual(['GetPipelineState', 'GetPipelineExecution', 'ListPipelineExecutions', 'ListActionExecutions', 'PutApprovalResult']);
    expect(fake.requests.find((r) => r.operation === 'PutApprovalResult')?.headers.authorization).toContain(`/${loadConfig(join(home, 'pipeline.yaml')).tooling.region}/codepipeline/aws4_request`);
  }, 40_000);

  test('fails when CodePipeline answers a bare 403, naming the release-manager role and the action it needs', async () => {
    fake.handlers.GetPipelineState = () => ({ status: 403, body: '' });
    const result = await mlpipe(['status'], childEnv());
    expect(result.code).toBe(ExitCode.ACCESS_DENIED);
    expect(result.stderr).toBe(
      `mlpipe status: access denied (HTTP 403 with no error code) for CodePipeline GetPipelineState of pipeline ${pipeline}; ` +
        'the release-manager role (one with the <project.prefix>-release-manager policy in the tooling account) needs codepipeline:GetPipelineState\n',
    );
  }, 40_000);

  test('fails under --json with one error object naming CodePipeline, and nothing else on stdout', async () => {
    fake.handlers.GetPipelineState = () => awsJsonError('PipelineNotFoundException', 'no such pipeline');
    const result = await mlpipe(['status', '--json'], childEnv());
    expect(result.code).toBe(ExitCode.PIPELINE_NOT_FOUND);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: 'PipelineNotFoundException', exitCode: ExitCode.PIPELINE_NOT_FOUND, service: 'CodePipeline', message: expect.stringContaining(`mlpipe status: pipeline '${pipeline}' not found in eu-west-1`) },
    });
  }, 40_000);

  test('fails when there are no credentials, before sending anything', async () => {
    const env = childEnv();
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    const result = await mlpipe(['status', '--pipeline', pipeline], env);
    expect(result.code).toBe(ExitCode.NO_CREDENTIALS);
    expect(result.stderr).toContain('no AWS credentials found');
    expect(fake.requests).toEqual([]);
  }, 40_000);
});
