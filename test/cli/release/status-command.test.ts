import { CodePipelineClient, GetPipelineExecutionCommand, GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, pipelineName } from '../../../config';
import { createStatusCommand } from '../../../cli/commands/status';
import { ExitCode } from '../../../cli/exit-codes';
import { createCodePipelineClient } from '../../../cli/lib/aws/codepipeline-client';
import { sdkErrors } from './errors';
import { EXECUTION_ID, NOW, PIPELINE, TOKEN, runCommand, waitingExecution, waitingState, writeConfigDir } from './fixtures';

const cp = mockClient(CodePipelineClient);
const status = createStatusCommand({ now: () => NOW, createClient: createCodePipelineClient });
const ARGS = ['--pipeline', PIPELINE, '--region', 'eu-west-1'];

let configDir = '';
beforeAll(() => {
  configDir = writeConfigDir();
});
afterAll(() => {
  rmSync(configDir, { recursive: true, force: true });
});

beforeEach(() => {
  cp.reset();
  cp.on(GetPipelineStateCommand).resolves(waitingState());
  cp.on(GetPipelineExecutionCommand).resolves({ pipelineExecution: waitingExecution() });
});

describe('mlpipe status', () => {
  test('reads the state, then each stage execution once, and prints stages and the pending approval', async () => {
    const result = await runCommand(status, ARGS);
    expect(result).toMatchObject({ code: ExitCode.OK, stderr: '' });
    expect(cp.commandCalls(GetPipelineStateCommand).map((c) => c.args[0].input)).toEqual([{ name: PIPELINE }]);
    expect(cp.commandCalls(GetPipelineExecutionCommand).map((c) => c.args[0].input)).toEqual([{ pipelineName: PIPELINE, pipelineExecutionId: EXECUTION_ID }]);
    expect(result.stdout).toContain('Prod     InProgress  2026-05-04 09:30 UTC (2h 30m ago)  6f1c2d3e   4e5f6a7b "Tune the learning rate of the iris model"');
    expect(result.stdout).toContain("    expires    2026-05-11 09:30 UTC (in 6d 21h; CodePipeline's default 7-day approval timeout)\n");
    expect(result.stdout).not.toContain('\u001b[');
  });

  test('takes the pipeline name from pipeline.yaml when --pipeline is not given', async () => {
    const result = await runCommand(status, ['--region', 'eu-west-1'], { cwd: configDir });
    expect(result.code).toBe(ExitCode.OK);
    expect(cp.commandCalls(GetPipelineStateCommand)[0].args[0].input).toEqual({ name: pipelineName(loadConfig(join(configDir, 'pipeline.yaml'))) });
  });

  test('prints one JSON document with --json', async () => {
    const result = await runCommand(status, [...ARGS, '--json']);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ pipelineName: PIPELINE, region: 'eu-west-1', pipelineVersion: 7, readAt: NOW.toISOString() });
    expect(doc.stages.map((s: { name: string }) => s.name)).toEqual(['Source', 'Build', 'Staging', 'Prod']);
    expect(doc.pendingApprovals).toEqual([expect.objectContaining({ stageName: 'Prod', actionName: 'PromoteToProd', token: TOKEN, waitingSeconds: 9000 })]);
  });

  test('colours on a terminal, not when NO_COLOR is set', async () => {
    expect((await runCommand(status, ARGS, { isTty: true })).stdout).toContain('\u001b[33mInProgress\u001b[39m');
    expect((await runCommand(status, ARGS, { isTty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  test('shows no revision for an execution CodePipeline no longer keeps', async () => {
    cp.on(GetPipelineExecutionCommand).rejects(sdkErrors.executionNotFound());
    const result = await runCommand(status, ARGS);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('    revision   (unknown)\n');
  });

  test('fails when the pipeline does not exist, with exit code 10', async () => {
    cp.on(GetPipelineStateCommand).rejects(sdkErrors.pipelineNotFound());
    const result = await runCommand(status, ARGS);
    expect(result.code).toBe(ExitCode.PIPELINE_NOT_FOUND);
    expect(result.stderr).toMatch(/^mlpipe status: pipeline 'mlops-pipeline' not found in eu-west-1; check --pipeline/);
    expect(result.stdout).toBe('');
  });

  test('fails when the pipeline is not in the region asked, pointing at the tooling region of pipeline.yaml', async () => {
    cp.on(GetPipelineStateCommand).rejects(sdkErrors.pipelineNotFound());
    const result = await runCommand(status, ['--region', 'us-east-1'], { cwd: configDir });
    const toolingRegion = loadConfig(join(configDir, 'pipeline.yaml')).tooling.region;
    expect(result.stderr).toContain(`not found in us-east-1; pipeline.yaml puts the pipeline in ${toolingRegion}: pass --region ${toolingRegion}`);
  });

  test('fails when AWS keeps throttling, with exit code 16', async () => {
    cp.on(GetPipelineStateCommand).rejects(sdkErrors.throttled());
    const result = await runCommand(status, ARGS);
    expect(result.code).toBe(ExitCode.THROTTLED);
    expect(result.stderr).toContain('CodePipeline is throttling the requests (ThrottlingException after 3 attempts); wait a minute');
  });

  test('fails when throttled while reading an execution, with exit code 16', async () => {
    cp.on(GetPipelineExecutionCommand).rejects(sdkErrors.throttled());
    expect((await runCommand(status, ARGS)).code).toBe(ExitCode.THROTTLED);
  });

  test('fails when there are no credentials, with exit code 17', async () => {
    cp.on(GetPipelineStateCommand).rejects(sdkErrors.noCredentials());
    const result = await runCommand(status, ARGS);
    expect(result.code).toBe(ExitCode.NO_CREDENTIALS);
    expect(result.stderr).toContain('no AWS credentials found');
  });

  test('fails when the endpoint cannot be reached, with exit code 20', async () => {
    cp.on(GetPipelineStateCommand).rejects(sdkErrors.connectionRefused());
    const result = await runCommand(status, ARGS);
    expect(result.code).toBe(ExitCode.ENDPOINT_UNREACHABLE);
    expect(result.stderr).toContain('cannot reach the CodePipeline endpoint (connect ECONNREFUSED 127.0.0.1:9)');
  });

  test('fails when access is denied, with exit code 18', async () => {
    cp.on(GetPipelineStateCommand).rejects(sdkErrors.accessDenied());
    expect((await runCommand(status, ARGS)).code).toBe(ExitCode.ACCESS_DENIED);
  });

  describe('without a region', () => {
    const saved = { ...process.env };
    beforeEach(() => {
      delete process.env.AWS_REGION;
      delete process.env.AWS_DEFAULT_REGION;
      delete process.env.AWS_PROFILE;
      process.env.AWS_CONFIG_FILE = join(configDir, 'no-such-aws-config');
    });
    afterEach(() => {
      process.env = { ...saved };
    });

    test('fails before any call, with exit code 19', async () => {
      const result = await runCommand(status, ['--pipeline', PIPELINE]);
      expect(result.code).toBe(ExitCode.NO_REGION);
      expect(result.stderr).toBe('mlpipe status: no AWS region: pass --region (the tooling region in pipeline.yaml, e.g. --region eu-west-1), set AWS_REGION, or use a profile that has a region\n');
      expect(cp.calls()).toHaveLength(0);
    });
  });

  test('fails when the config file is missing, with exit code 3', async () => {
    const result = await runCommand(status, ['--config', 'missing.yaml', '--region', 'eu-west-1'], { cwd: configDir });
    expect(result.code).toBe(ExitCode.CONFIG);
    expect(result.stderr).toContain('cannot read the pipeline name from');
    expect(result.stderr).toContain('missing.yaml');
    expect(result.stderr).toContain('does not exist');
    expect(cp.calls()).toHaveLength(0);
  });

  test.each([
    [['--bogus'], "unknown flag '--bogus'"],
    [['--regoin', 'eu-west-1'], "unknown flag '--regoin'; did you mean --region?"],
    [['--region'], '--region needs a value, e.g. --region VALUE'],
    [['--region', 'Ireland'], "--region 'Ireland' is not an AWS region name; use one such as eu-west-1"],
    [['--pipeline', 'bad name'], "--pipeline 'bad name' is not a CodePipeline name"],
    [['--pipeline', 'p', '--config', 'pipeline.yaml'], '--pipeline and --config both name the pipeline; give only one'],
    [['Prod'], "unexpected argument 'Prod'"],
  ])('fails when the command line is %j, with exit code 2 and one line pointing at the help', async (args, message) => {
    const result = await runCommand(status, args);
    expect(result.code).toBe(ExitCode.USAGE);
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(`mlpipe status: ${message}`);
    expect(lines.slice(1)).toEqual(['see: mlpipe status --help', '']);
    expect(cp.calls()).toHaveLength(0);
  });
});
