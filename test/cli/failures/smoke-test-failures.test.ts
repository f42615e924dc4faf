import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ExitCode } from '../../../cli/exit-codes';
import { BARE_403, HTML_502, LoopbackAws, restJsonErrorAnswer } from '../../helpers/aws-answers';
import { loopbackAwsEnv, runCli } from '../../helpers/run-cli';
import { baseDocument, REPO_ROOT } from '../../helpers/test-config';
import { closedEndpoint } from '../release/fake-codepipeline';

/**
 * the real `mlpipe smoke-test` process against a loopback SageMaker Runtime that fails as AWS
 * does: transport, credential and access failures end with their own exit codes (16-21, 23) as
 * the help says; only the model's own error answers are the gate's failure (34).
 */
const aws = new LoopbackAws();
let endpoint = '';
let home = '';
const samples = join(REPO_ROOT, 'test-data', 'smoke');
const args = ['smoke-test', '--stage', 'Staging', '--endpoint', 'tst-staging', '--samples', samples, '--requests', '5', '--p99-ms', '5000', '--report', 'smoke.json'];
const smoke = (extra: NodeJS.ProcessEnv = {}) => runCli(args, { cwd: home, env: loopbackAwsEnv(home, { AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: endpoint, AWS_MAX_ATTEMPTS: '1', ...extra }) });

beforeAll(async () => {
  endpoint = await aws.start();
  home = mkdtempSync(join(tmpdir(), 'mlpipe-smoke-failures-'));
  writeFileSync(join(home, 'pipeline.yaml'), stringify(baseDocument()));
});

afterAll(async () => {
  await aws.stop();
  rmSync(home, { recursive: true, force: true });
});

beforeEach(() => aws.reset());

describe('mlpipe smoke-test exit codes', () => {
  test('fails with exit 16 when SageMaker Runtime throttles InvokeEndpoint', async () => {
    aws.answer = () => restJsonErrorAnswer('ThrottlingException', 'Rate exceeded', 400);
    const result = await smoke();
    expect(result.code).toBe(ExitCode.THROTTLED);
    expect(result.stderr).toBe('mlpipe smoke-test: SageMaker Runtime is throttling InvokeEndpoint of endpoint tst-staging (ThrottlingException after 1 attempt); wait a minute and run the command again, or raise AWS_MAX_ATTEMPTS\n');
  });

  test('fails with exit 18 on a bare 403, naming the stage\'s smoke-test role and sagemaker:InvokeEndpoint', async () => {
    aws.answer = () => BARE_403;
    const result = await smoke();
    expect(result.code).toBe(ExitCode.ACCESS_DENIED);
    expect(result.stderr).toBe(
      'mlpipe smoke-test: access denied (HTTP 403 with no error code) for SageMaker Runtime InvokeEndpoint of endpoint tst-staging; ' +
        'the stage\'s smoke-test role (tst-staging-smoke-test-eu-west-1) needs sagemaker:InvokeEndpoint\n',
    );
  });

  test('fails with exit 20 when the endpoint URL is closed, naming AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', async () => {
    const closed = await closedEndpoint();
    const result = await smoke({ AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: closed });
    expect(result.code).toBe(ExitCode.ENDPOINT_UNREACHABLE);
    expect(result.stderr).toContain(`cannot reach the SageMaker Runtime endpoint ${closed}/ (from AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME) for InvokeEndpoint of endpoint tst-staging (`);
  });

  test('fails with exit 23 when a proxy answers with an HTML 502', async () => {
    aws.answer = () => HTML_502;
    const result = await smoke();
    expect(result.code).toBe(ExitCode.UNEXPECTED_RESPONSE);
    expect(result.stderr).toContain(`SageMaker Runtime InvokeEndpoint of endpoint tst-staging got an answer that is not SageMaker Runtime's: HTTP 502 (text/html) from the SageMaker Runtime endpoint ${endpoint}/`);
  });

  test('fails with exit 21 when the endpoint does not exist', async () => {
    aws.answer = () => restJsonErrorAnswer('ValidationError', 'Endpoint tst-staging of account 222222222222 not found.', 400);
    const result = await smoke();
    expect(result.code).toBe(ExitCode.AWS_ERROR);
    expect(result.stderr).toContain('SageMaker Runtime InvokeEndpoint of endpoint tst-staging failed: it does not exist in this account and region');
  });

  test('fails with exit 34 only when the model itself answers an error (ModelError)', async () => {
    aws.answer = () => restJsonErrorAnswer('ModelError', 'Received client error (400) from primary with message "bad row"', 424);
    const result = await smoke();
    expect(result.code).toBe(ExitCode.SMOKE_TEST_FAILED);
    expect(result.stdout).toContain('FAIL');
    expect(result.stderr).toBe('');
  });
});
