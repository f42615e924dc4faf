import { ExitCode } from '../../../cli/exit-codes';
import { classifySdkFailure } from '../../../cli/lib/aws/sdk-failure';
import { callCodePipeline, describeCodePipelineFailure, RELEASE_SCOPE } from '../../../cli/lib/release/codepipeline-failure';
import { ReleaseError } from '../../../cli/lib/release/release-error';
import { sdkErrors } from './errors';

const ctx = { pipelineName: 'mlops-pipeline', region: 'eu-west-1', stageName: 'Prod', actionName: 'PromoteToProd' };

describe('describeCodePipelineFailure', () => {
  test.each([
    ['pipelineNotFound', ExitCode.PIPELINE_NOT_FOUND, "pipeline 'mlops-pipeline' not found in eu-west-1; check --pipeline"],
    ['stageNotFound', ExitCode.STAGE_NOT_FOUND, "stage 'Prod' not found in pipeline 'mlops-pipeline'"],
    ['actionNotFound', ExitCode.ACTION_NOT_FOUND, 'approval Prod / PromoteToProd not found'],
    ['alreadyCompleted', ExitCode.APPROVAL_ALREADY_COMPLETED, 'approval Prod / PromoteToProd was already answered'],
    ['invalidToken', ExitCode.APPROVAL_TOKEN_INVALID, 'the approval expired (after 7 days)'],
    ['throttled', ExitCode.THROTTLED, 'CodePipeline is throttling the requests (ThrottlingException after 3 attempts)'],
    ['noCredentials', ExitCode.NO_CREDENTIALS, 'no AWS credentials found (Could not load credentials from any providers); log in'],
    ['expiredToken', ExitCode.NO_CREDENTIALS, 'the AWS credentials have expired'],
    ['unrecognizedClient', ExitCode.ACCESS_DENIED, 'AWS does not accept the credentials (UnrecognizedClientException'],
    ['accessDenied', ExitCode.ACCESS_DENIED, 'access denied (User: arn:aws:iam::111111111111:user/bob is not authorized'],
    ['noRegion', ExitCode.NO_REGION, 'no AWS region: pass --region'],
    ['connectionRefused', ExitCode.ENDPOINT_UNREACHABLE, 'cannot reach the CodePipeline endpoint (connect ECONNREFUSED 127.0.0.1:9); check the network'],
    ['dnsFailure', ExitCode.ENDPOINT_UNREACHABLE, 'AWS_ENDPOINT_URL_CODEPIPELINE'],
    ['validation', ExitCode.AWS_ERROR, 'CodePipeline returned ValidationException: 1 validation error detected'],
  ] as const)('%s ends with exit code %d', (kind, exitCode, text) => {
    const failure = describeCodePipelineFailure(sdkErrors[kind](), ctx);
    expect(failure?.exitCode).toBe(exitCode);
    expect(failure?.message).toContain(text);
  });

  test('the failures the issue lists each have their own exit code, apart from 0-3', () => {
    const listed = ['pipelineNotFound', 'stageNotFound', 'actionNotFound', 'alreadyCompleted', 'invalidToken', 'throttled', 'noCredentials', 'connectionRefused'] as const;
    const codes = listed.map((kind) => describeCodePipelineFailure(sdkErrors[kind](), ctx)?.exitCode);
    expect(new Set(codes).size).toBe(listed.length);
    for (const code of codes) expect(code).toBeGreaterThan(ExitCode.CONFIG);
  });

  test('a pipeline not found in another region than pipeline.yaml says points there', () => {
    const failure = describeCodePipelineFailure(sdkErrors.pipelineNotFound(), { pipelineName: 'mlops-pipeline', region: 'us-east-1', configRegion: 'eu-west-1' });
    expect(failure?.message).toBe("pipeline 'mlops-pipeline' not found in us-east-1; pipeline.yaml puts the pipeline in eu-west-1: pass --region eu-west-1");
  });

  test('a missing region names the tooling region from pipeline.yaml', () => {
    expect(describeCodePipelineFailure(sdkErrors.noRegion(), { pipelineName: 'p', configRegion: 'eu-west-1' })?.message).toBe(
      'no AWS region: pass --region eu-west-1 (the tooling region in pipeline.yaml), set AWS_REGION, or use a profile that has a region',
    );
  });

  test('a pipeline not found in the region pipeline.yaml names gives the generic hint', () => {
    const failure = describeCodePipelineFailure(sdkErrors.pipelineNotFound(), { pipelineName: 'mlops-pipeline', region: 'eu-west-1', configRegion: 'eu-west-1' });
    expect(failure?.message).toBe(
      "pipeline 'mlops-pipeline' not found in eu-west-1; check --pipeline (or project.prefix in pipeline.yaml), --region, and that the credentials are for the tooling account",
    );
  });

  test('a pipeline not found before the region is resolved names no region and no mismatch', () => {
    const failure = describeCodePipelineFailure(sdkErrors.pipelineNotFound(), { pipelineName: 'mlops-pipeline', configRegion: 'eu-west-1' });
    expect(failure?.message).toBe(
      "pipeline 'mlops-pipeline' not found; check --pipeline (or project.prefix in pipeline.yaml), --region, and that the credentials are for the tooling account",
    );
  });

  test('a pipeline not found without pipeline.yaml (--pipeline) gives the generic hint', () => {
    const failure = describeCodePipelineFailure(sdkErrors.pipelineNotFound(), { pipelineName: 'other', region: 'us-east-1' });
    expect(failure?.message).toBe(
      "pipeline 'other' not found in us-east-1; check --pipeline (or project.prefix in pipeline.yaml), --region, and that the credentials are for the tooling account",
    );
  });

  test.each([
    ['stageNotFound', "stage 'Prod' not found in pipeline 'mlops-pipeline' (the pipeline changed while the command ran); run `mlpipe status` to see its stages"],
    ['actionNotFound', "approval Prod / PromoteToProd not found in pipeline 'mlops-pipeline' (the pipeline changed while the command ran); run `mlpipe status` and try again"],
    ['alreadyCompleted', 'approval Prod / PromoteToProd was already answered by someone else; run `mlpipe status` to see what happened and what waits now'],
    [
      'invalidToken',
      'the token of approval Prod / PromoteToProd is no longer valid: the approval expired (after 7 days), was answered, or its execution was stopped or superseded; run `mlpipe status` to see what waits now',
    ],
  ] as const)('%s says exactly what happened and what to do', (kind, message) => {
    expect(describeCodePipelineFailure(sdkErrors[kind](), ctx)?.message).toBe(message);
  });

  test.each(['stageNotFound', 'actionNotFound', 'alreadyCompleted', 'invalidToken'] as const)('%s without a stage or action in the context shows a question mark', (kind) => {
    const message = describeCodePipelineFailure(sdkErrors[kind](), { pipelineName: 'p' })?.message ?? '';
    expect(message).toMatch(kind === 'stageNotFound' ? /^stage '\?' not found/ : /approval \? \/ \? /);
  });

  test.each(['throttled', 'noCredentials', 'accessDenied', 'connectionRefused', 'validation'] as const)(
    'a %s failure keeps its own message when pipeline.yaml has a region',
    (kind) => {
      const withRegion = describeCodePipelineFailure(sdkErrors[kind](), { ...ctx, configRegion: 'eu-west-1' });
      expect(withRegion).toEqual(classifySdkFailure(sdkErrors[kind](), RELEASE_SCOPE));
      expect(withRegion?.message).not.toContain('no AWS region');
    },
  );

  test('a missing region without pipeline.yaml gives the generic advice', () => {
    expect(describeCodePipelineFailure(sdkErrors.noRegion(), { pipelineName: 'p' })).toEqual(classifySdkFailure(sdkErrors.noRegion(), 'CodePipeline'));
  });

  test('an error that is not an AWS failure is not described', () => {
    expect(describeCodePipelineFailure(new TypeError('x is undefined'), { ...ctx, configRegion: 'eu-west-1' })).toBeUndefined();
  });

  test('an error that is not an AWS failure is left alone', () => {
    expect(classifySdkFailure(new TypeError('x is undefined'), 'CodePipeline')).toBeUndefined();
    expect(classifySdkFailure('a string', 'CodePipeline')).toBeUndefined();
  });
});

describe('callCodePipeline', () => {
  test('turns a known failure into a ReleaseError with its exit code', async () => {
    const call = callCodePipeline(() => Promise.reject(sdkErrors.invalidToken()), ctx);
    await expect(call).rejects.toBeInstanceOf(ReleaseError);
    await expect(call).rejects.toMatchObject({ exitCode: ExitCode.APPROVAL_TOKEN_INVALID, message: expect.stringContaining('the token of approval Prod / PromoteToProd is no longer valid') });
  });

  test('lets a bug through unchanged', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    await expect(callCodePipeline(() => Promise.reject(bug), ctx)).rejects.toBe(bug);
  });

  test('passes the result through', async () => {
    await expect(callCodePipeline(() => Promise.resolve(42), ctx)).resolves.toBe(42);
  });
});
