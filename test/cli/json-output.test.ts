import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ExitCode } from '../../cli/exit-codes';
import { modelKeyFor } from '../../config/model-definition';
import { BARE_403, LoopbackAws } from '../helpers/aws-answers';
import { loopbackAwsEnv, runCli } from '../helpers/run-cli';
import { baseDocument, testConfig } from '../helpers/test-config';
import { IMAGE_HASH, stepEnv } from './training/fixtures';

/** the real CLI under --json: one JSON document on stdout, for success and for failure. */
const aws = new LoopbackAws();
let endpoint = '';
let home = '';
const BUCKET = 'tst-models-111111111111-eu-west-1';
const MODEL_KEY = modelKeyFor(testConfig(), IMAGE_HASH);
const env = () => loopbackAwsEnv(home, { ...stepEnv(), AWS_ENDPOINT_URL_SAGEMAKER: endpoint, AWS_ENDPOINT_URL_S3: endpoint, AWS_MAX_ATTEMPTS: '1' });

beforeAll(async () => {
  endpoint = await aws.start();
  home = mkdtempSync(join(tmpdir(), 'mlpipe-json-'));
  writeFileSync(join(home, 'pipeline.yaml'), stringify(baseDocument()));
  writeFileSync(join(home, 'bad.yaml'), stringify({ ...baseDocument(), tooling: { account: '12', region: 'eu-west-1' } }));
});

afterAll(async () => {
  await aws.stop();
  rmSync(home, { recursive: true, force: true });
});

beforeEach(() => aws.reset());

describe('--json', () => {
  test('train --dry-run prints the CreateTrainingJob request it would send, without calling AWS', async () => {
    const result = await runCli(['train', '--dry-run', '--json'], { cwd: home, env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.OK);
    expect(aws.requests).toEqual([]);
    const plans = JSON.parse(result.stdout);
    expect(plans).toHaveLength(1);
    const [plan] = plans;
    expect(plan.model).toBe('default');
    expect(plan.modelKey).toBe(MODEL_KEY);
    expect(plan.modelUri).toBe(`s3://${BUCKET}/${MODEL_KEY}`);
    expect(plan.request).toMatchObject({
      TrainingJobName: plan.trainingJobName,
      EnableManagedSpotTraining: true,
      EnableNetworkIsolation: true,
      RoleArn: 'arn:aws:iam::111111111111:role/tst-training-execution',
      StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 },
    });
  });

  test('train --dry-run without --json says what it would train, then the request', async () => {
    const result = await runCli(['train', '--dry-run'], { cwd: home, env: env() });
    expect(result.code).toBe(ExitCode.OK);
    expect(aws.requests).toEqual([]);
    const [first, ...rest] = result.stdout.split('\n');
    expect(first).toMatch(new RegExp(`^would train model default \\(s3://${BUCKET}/${MODEL_KEY}, unless it exists\\) with job tst-[a-z0-9-]+; CreateTrainingJob request:$`));
    expect(JSON.parse(rest.join('\n'))).toMatchObject({ EnableManagedSpotTraining: true });
  });

  test('fails under train --json with one error object naming the service, and nothing else on stdout', async () => {
    aws.answer = () => BARE_403;
    const result = await runCli(['train', '--json'], { cwd: home, env: env() });
    expect(result.code).toBe(ExitCode.ACCESS_DENIED);
    const doc = JSON.parse(result.stdout);
    expect(Object.keys(doc)).toEqual(['error']);
    expect(doc.error).toMatchObject({ code: 'AccessDenied', exitCode: ExitCode.ACCESS_DENIED, service: 'S3' });
    expect(doc.error.message).toContain(`mlpipe train: access denied (HTTP 403 with no error code, which is how S3 answers a HEAD the caller may not make) for S3 HeadObject of s3://${BUCKET}/${MODEL_KEY}`);
  });

  test('validate --json describes a valid file', async () => {
    const result = await runCli(['validate', '--json'], { cwd: home, env: {} });
    expect(result.code).toBe(ExitCode.OK);
    expect(JSON.parse(result.stdout)).toEqual({ file: 'pipeline.yaml', valid: true, stages: 1, stageRegions: 1, source: 'codecommit' });
  });

  test('fails under validate --json with the problems in the error object', async () => {
    const result = await runCli(['validate', 'bad.yaml', '--json'], { cwd: home, env: {} });
    expect(result.code).toBe(ExitCode.CONFIG);
    expect(result.stderr).toBe('');
    const { error } = JSON.parse(result.stdout);
    expect(error).toMatchObject({ code: 'ConfigInvalid', exitCode: ExitCode.CONFIG, message: 'bad.yaml: 1 problem', service: null });
    expect(error.problems).toEqual([expect.objectContaining({ path: 'tooling.account', value: '12' })]);
  });

  test('fails under --json with a usage error as one JSON object', async () => {
    const result = await runCli(['validate', '--json', '--quite'], { cwd: home, env: {} });
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: 'Usage', exitCode: ExitCode.USAGE, message: "mlpipe validate: unknown flag '--quite'; did you mean --quiet?; see: mlpipe validate --help", service: null },
    });
  });
});
