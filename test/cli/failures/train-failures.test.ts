import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ExitCode } from '../../../cli/exit-codes';
import { modelKeyFor } from '../../../config/model-definition';
import type { Answer, SeenRequest } from '../../helpers/aws-answers';
import { awsJsonErrorAnswer, BARE_403, HTML_502, LoopbackAws, s3ErrorAnswer } from '../../helpers/aws-answers';
import { closedEndpoint } from '../release/fake-codepipeline';
import { loopbackAwsEnv, runCli } from '../../helpers/run-cli';
import { baseDocument, testConfig } from '../../helpers/test-config';
import { IMAGE_HASH, stepEnv } from '../training/fixtures';

/**
 * the real `mlpipe train` process against loopback servers that answer as S3 and SageMaker (or a
 * proxy in front of them) do when something is wrong: each failure names the service, operation,
 * resource, the role and permission or the variable to check, and ends with its own exit code.
 */
const BUCKET = 'tst-models-111111111111-eu-west-1';
const MODEL_KEY = modelKeyFor(testConfig(), IMAGE_HASH);
const aws = new LoopbackAws();
let endpoint = '';
let home = '';

/** the happy path of a training run; `override` answers instead where it returns an answer. */
function training(override: (request: SeenRequest) => Answer | undefined = () => undefined): (request: SeenRequest) => Answer {
  return (request) => {
    const special = override(request);
    if (special) return special;
    const xml = (body: string): Answer => ({ status: 200, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>${body}` });
    // the job's output exists; the model key does not (yet)
    if (request.method === 'HEAD') return /\/jobs\/[^/]+\/output\/model\.tar\.gz$/.test(request.path) ? { status: 200, headers: { 'content-length': '2048' } } : { status: 404 };
    // the create-only publish: a multipart upload whose one part is copied from the job's output
    if (request.method === 'POST' && /[?&]uploads(&|=|$)/.test(request.path)) return xml('<InitiateMultipartUploadResult><UploadId>upload-1</UploadId></InitiateMultipartUploadResult>');
    if (request.method === 'PUT' && request.headers['x-amz-copy-source']) return xml('<CopyPartResult><ETag>"part-1"</ETag></CopyPartResult>');
    if (request.method === 'POST' && request.path.includes('uploadId=')) return xml('<CompleteMultipartUploadResult><ETag>"done"</ETag></CompleteMultipartUploadResult>');
    if (request.method === 'DELETE' && request.path.includes('uploadId=')) return { status: 204 };
    // the tag query finds no job of the model key
    if (request.target === 'SageMaker.Search') return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"Results":[]}' };
    if (request.target === 'SageMaker.CreateTrainingJob') return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"TrainingJobArn":"arn:aws:sagemaker:eu-west-1:111111111111:training-job/x"}' };
    if (request.target === 'SageMaker.DescribeTrainingJob') {
      const name = (JSON.parse(request.body) as { TrainingJobName: string }).TrainingJobName;
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({
          TrainingJobName: name,
          TrainingJobStatus: 'Completed',
          SecondaryStatus: 'Completed',
          TrainingTimeInSeconds: 600,
          BillableTimeInSeconds: 180,
          FinalMetricDataList: [{ MetricName: 'validation:accuracy', Value: 0.9667, Timestamp: 1_790_000_590 }],
          ModelArtifacts: { S3ModelArtifacts: `s3://${BUCKET}/jobs/${name}/output/model.tar.gz` },
        }),
      };
    }
    return awsJsonErrorAnswer('ValidationException', `unexpected ${request.method} ${request.path}`);
  };
}

const train = (extra: NodeJS.ProcessEnv = {}) =>
  runCli(['train', '--report', 'out/report.json'], { cwd: home, env: loopbackAwsEnv(home, { ...stepEnv(), AWS_ENDPOINT_URL_SAGEMAKER: endpoint, AWS_ENDPOINT_URL_S3: endpoint, AWS_MAX_ATTEMPTS: '1', ...extra }) });

beforeAll(async () => {
  endpoint = await aws.start();
  home = mkdtempSync(join(tmpdir(), 'mlpipe-train-failures-'));
  writeFileSync(join(home, 'pipeline.yaml'), stringify(baseDocument()));
});

afterAll(async () => {
  await aws.stop();
  rmSync(home, { recursive: true, force: true });
});

beforeEach(() => aws.reset());

describe('mlpipe train failure messages', () => {
  test('fails when S3 answers the HEAD with a bare 403: access denied, naming the TrainModel role and the permissions', async () => {
    aws.answer = training((r) => (r.method === 'HEAD' ? BARE_403 : undefined));
    const result = await train();
    expect(result.code).toBe(ExitCode.ACCESS_DENIED);
    // the progress on stdout names the model that failed and the catalogue's summary; the failure itself is on stderr
    expect(result.stdout).toContain('[default] failed: access denied (HTTP 403 with no error code');
    expect(result.stdout).toContain('models: 0 trained, 0 skipped, 1 failed');
    expect(result.stderr).toBe(
      `mlpipe train: access denied (HTTP 403 with no error code, which is how S3 answers a HEAD the caller may not make) for S3 HeadObject of s3://${BUCKET}/${MODEL_KEY}; ` +
        `the TrainModel role (the role the pipeline's Train step runs as) needs s3:GetObject on s3://${BUCKET}/${MODEL_KEY}, ` +
        `and s3:ListBucket on ${BUCKET} to tell a missing key from a forbidden one (without it S3 answers 403 for a missing key too)\n`,
    );
  });

  test('fails when a proxy answers the HEAD with an HTML 502: the status, operation and endpoint URL, and exit 23', async () => {
    aws.answer = training((r) => (r.method === 'HEAD' ? HTML_502 : undefined));
    const result = await train();
    expect(result.code).toBe(ExitCode.UNEXPECTED_RESPONSE);
    expect(result.stderr).toContain(`mlpipe train: S3 HeadObject of s3://${BUCKET}/${MODEL_KEY} got an answer that is not S3's: HTTP 502 (text/html) from the S3 endpoint ${endpoint}/${BUCKET} (from AWS_ENDPOINT_URL_S3)`);
    expect(result.stderr).toContain('check AWS_ENDPOINT_URL_S3');
  });

  test('fails when a proxy answers SageMaker with an HTML 502, without the JSON parser\'s SyntaxError', async () => {
    aws.answer = training((r) => (r.target === 'SageMaker.CreateTrainingJob' ? HTML_502 : undefined));
    const result = await train();
    expect(result.code).toBe(ExitCode.UNEXPECTED_RESPONSE);
    expect(result.stderr).toMatch(new RegExp(`^mlpipe train: SageMaker CreateTrainingJob of training job tst-[a-z0-9-]+ got an answer that is not SageMaker's: HTTP 502 \\(text/html\\) from the SageMaker endpoint ${endpoint}/ \\(from AWS_ENDPOINT_URL_SAGEMAKER\\)`));
    expect(result.stderr).not.toMatch(/SyntaxError|Unexpected token|Deserialization error/);
  });

  test('fails when the S3 endpoint is closed, naming AWS_ENDPOINT_URL_S3 and not SageMaker\'s variable', async () => {
    const closed = await closedEndpoint();
    const result = await train({ AWS_ENDPOINT_URL_S3: closed });
    expect(result.code).toBe(ExitCode.ENDPOINT_UNREACHABLE);
    expect(result.stderr).toContain(`mlpipe train: cannot reach the S3 endpoint ${closed}/${BUCKET} (from AWS_ENDPOINT_URL_S3) for HeadObject of s3://${BUCKET}/${MODEL_KEY} (`);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).toMatch(/; check AWS_ENDPOINT_URL_S3\n$/);
    expect(result.stderr).not.toContain('SAGEMAKER');
  });

  test('fails when the job output is missing: S3 HeadObject of the output with its bucket and key, not "SageMaker returned"', async () => {
    aws.answer = training((r) => (r.method === 'HEAD' ? { status: 404 } : undefined));
    const result = await train();
    expect(result.code).toBe(ExitCode.AWS_ERROR);
    expect(result.stderr).toMatch(new RegExp(`^mlpipe train: S3 HeadObject of s3://${BUCKET}/jobs/tst-[a-z0-9-]+/output/model\\.tar\\.gz returned NotFound: no object at that key \\(HTTP 404\\)`));
  });

  test('fails when the job output cannot be copied: S3 UploadPartCopy with the key, its source and the error', async () => {
    aws.answer = training((r) => (r.method === 'PUT' && r.headers['x-amz-copy-source'] ? s3ErrorAnswer('NoSuchKey', 'The specified key does not exist.', 404) : undefined));
    const result = await train();
    expect(result.code).toBe(ExitCode.AWS_ERROR);
    expect(result.stderr).toMatch(
      new RegExp(`^mlpipe train: S3 UploadPartCopy of s3://${BUCKET}/${MODEL_KEY} \\(copied from s3://${BUCKET}/jobs/tst-[a-z0-9-]+/output/model\\.tar\\.gz\\) returned NoSuchKey: The specified key does not exist\\.\n$`),
    );
  });

  test('fails when the models bucket does not exist, naming MODELS_BUCKET as the setting to check', async () => {
    aws.answer = training((r) => (r.method === 'POST' && /[?&]uploads(&|=|$)/.test(r.path) ? s3ErrorAnswer('NoSuchBucket', 'The specified bucket does not exist', 404) : undefined));
    const result = await train();
    expect(result.code).toBe(ExitCode.AWS_ERROR);
    expect(result.stderr).toMatch(
      new RegExp(`^mlpipe train: S3 CreateMultipartUpload of s3://${BUCKET}/${MODEL_KEY} returned NoSuchBucket: The specified bucket does not exist; the bucket name ${BUCKET} comes from MODELS_BUCKET: check it\n$`),
    );
  });

  test('fails when S3 answers with something that is not XML, as an answer that is not S3\'s', async () => {
    aws.answer = training((r) => (r.method === 'PUT' ? { status: 500, headers: { 'content-type': 'application/json' }, body: '{"oops":true}' } : undefined));
    const result = await train();
    expect(result.code).toBe(ExitCode.UNEXPECTED_RESPONSE);
    expect(result.stderr).toContain(`S3 UploadPartCopy of s3://${BUCKET}/${MODEL_KEY} (copied from `);
    expect(result.stderr).toContain("got an answer that is not S3's: HTTP 500 (application/json) from the S3 endpoint");
  });

  test('fails when SageMaker denies CreateTrainingJob, naming the action and the PassRole it needs', async () => {
    aws.answer = training((r) => (r.target === 'SageMaker.CreateTrainingJob' ? awsJsonErrorAnswer('AccessDeniedException', 'User is not authorized to perform: sagemaker:CreateTrainingJob', 400) : undefined));
    const result = await train();
    expect(result.code).toBe(ExitCode.ACCESS_DENIED);
    expect(result.stderr).toContain('access denied (User is not authorized to perform: sagemaker:CreateTrainingJob) for SageMaker CreateTrainingJob of training job tst-');
    expect(result.stderr).toContain('the TrainModel role (the role the pipeline\'s Train step runs as) needs sagemaker:CreateTrainingJob on tst-');
    expect(result.stderr).toContain('and iam:PassRole on arn:aws:iam::111111111111:role/tst-training-execution');
  });
});
