import { ExitCode } from '../../../cli/exit-codes';
import { classifySdkFailure, errorMessage, errorName, isServiceError } from '../../../cli/lib/aws/sdk-failure';

/*
 * Which failure kind each SDK error is, by the exit code it ends with. Messages are checked for
 * the facts they must carry (the error name, its message, the service), not their wording.
 */

/** an error as the SDK throws it: a name, a message and, when AWS answered, its metadata. */
function sdkError(name: string, message = `${name} happened`, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}
const answered = (name: string, attempts?: number) => sdkError(name, `${name} from AWS`, { $metadata: { httpStatusCode: 400, ...(attempts === undefined ? {} : { attempts }) } });

describe('classifySdkFailure', () => {
  test.each(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'ThrottledException', 'RequestThrottledException', 'RequestThrottled', 'SlowDown'])(
    '%s is throttling, with the attempts the SDK made',
    (name) => {
      const failure = classifySdkFailure(answered(name, 3), 'SageMaker');
      expect(failure?.exitCode).toBe(ExitCode.THROTTLED);
      expect(failure?.message).toContain(`SageMaker is throttling the requests (${name} after 3 attempts)`);
    },
  );

  test('throttling the SDK raised without response metadata is still throttling', () => {
    const failure = classifySdkFailure(sdkError('ThrottlingException', 'Rate exceeded'), 'SageMaker');
    expect(failure?.exitCode).toBe(ExitCode.THROTTLED);
    expect(failure?.message).toContain('(ThrottlingException)');
  });

  test('throttling without a count of attempts does not invent one', () => {
    expect(classifySdkFailure(answered('ThrottlingException'), 'SageMaker')?.message).toContain('(ThrottlingException)');
    expect(classifySdkFailure(answered('ThrottlingException', 0), 'SageMaker')?.message).toContain('(ThrottlingException)');
  });

  test.each(['CredentialsProviderError', 'TokenProviderError'])('%s means no credentials, with what the chain said', (name) => {
    const failure = classifySdkFailure(sdkError(name, 'Could not load credentials from any providers'), 'CodePipeline');
    expect(failure?.exitCode).toBe(ExitCode.NO_CREDENTIALS);
    expect(failure?.message).toContain('Could not load credentials from any providers');
  });

  test.each(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired'])('%s means expired credentials', (name) => {
    const failure = classifySdkFailure(answered(name), 'CodePipeline');
    expect(failure?.exitCode).toBe(ExitCode.NO_CREDENTIALS);
    expect(failure?.message).toContain(name);
    expect(failure?.message).toContain('expired');
  });

  test.each(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch'])('%s means refused credentials', (name) => {
    const failure = classifySdkFailure(answered(name), 'S3');
    expect(failure?.exitCode).toBe(ExitCode.ACCESS_DENIED);
    expect(failure?.message).toContain(`${name}: ${name} from AWS`);
  });

  test.each(['AccessDeniedException', 'AccessDenied'])('%s means access denied, naming the service', (name) => {
    const failure = classifySdkFailure(answered(name), 'CodePipeline');
    expect(failure?.exitCode).toBe(ExitCode.ACCESS_DENIED);
    expect(failure?.message).toContain(`${name} from AWS`);
    expect(failure?.message).toContain('CodePipeline');
  });

  test('a missing region is its own failure', () => {
    const failure = classifySdkFailure(new Error('Region is missing'), 'CodePipeline');
    expect(failure?.exitCode).toBe(ExitCode.NO_REGION);
    expect(failure?.message).toContain('--region');
  });

  test('another message that mentions the region is not a missing region', () => {
    expect(classifySdkFailure(new Error('Region is missing or invalid'), 'CodePipeline')).toBeUndefined();
  });

  test.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED'])(
    'network error %s means the endpoint is unreachable, naming its variable',
    (code) => {
      const failure = classifySdkFailure(Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code }), 'SageMaker');
      expect(failure?.exitCode).toBe(ExitCode.ENDPOINT_UNREACHABLE);
      expect(failure?.message).toContain(`SageMaker endpoint (connect ${code} 127.0.0.1:9)`);
      expect(failure?.message).toContain('AWS_ENDPOINT_URL_SAGEMAKER');
    },
  );

  test("the SDK's TimeoutError means the endpoint is unreachable", () => {
    expect(classifySdkFailure(sdkError('TimeoutError', 'socket hang up'), 'S3')?.exitCode).toBe(ExitCode.ENDPOINT_UNREACHABLE);
  });

  test('a network code that is not a string is not a network error', () => {
    expect(classifySdkFailure(Object.assign(new Error('odd'), { code: -111 }), 'S3')).toBeUndefined();
  });

  test('another error AWS answered names the service, the error and its message', () => {
    expect(classifySdkFailure(answered('ValidationException'), 'CodePipeline')).toEqual({
      exitCode: ExitCode.AWS_ERROR,
      code: 'ValidationException',
      service: 'CodePipeline',
      message: 'CodePipeline returned ValidationException: ValidationException from AWS',
    });
  });

  test('an error AWS answered without a name still says it returned an error', () => {
    const nameless = { message: 'Internal failure', $metadata: { httpStatusCode: 500 } };
    expect(classifySdkFailure(nameless, 'CodePipeline')).toEqual({ exitCode: ExitCode.AWS_ERROR, code: 'AwsError', service: 'CodePipeline', message: 'CodePipeline returned an error: Internal failure' });
  });

  test('fails to classify what is not an AWS failure, so it is reported as a bug', () => {
    expect(classifySdkFailure(new TypeError('x is undefined'), 'S3')).toBeUndefined();
    expect(classifySdkFailure(sdkError('ValidationException'), 'S3')).toBeUndefined();
    expect(classifySdkFailure(undefined, 'S3')).toBeUndefined();
    expect(classifySdkFailure(null, 'S3')).toBeUndefined();
    expect(classifySdkFailure('ThrottlingException', 'S3')).toBeUndefined();
    expect(classifySdkFailure('Region is missing', 'S3')).toBeUndefined();
  });
});

describe('error parts', () => {
  test('the name is the error name, or empty for anything without a string name', () => {
    expect(errorName(sdkError('PipelineNotFoundException'))).toBe('PipelineNotFoundException');
    expect(errorName({ name: 42 })).toBe('');
    expect(errorName('PipelineNotFoundException')).toBe('');
    expect(errorName(null)).toBe('');
  });

  test('the message is the error message, or the string form when it has none', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage(new Error(''))).toBe('Error');
    expect(errorMessage({ message: 7 })).toBe('[object Object]');
    expect(errorMessage('plain text')).toBe('plain text');
  });

  test('a service error is one that AWS answered with an HTTP status', () => {
    expect(isServiceError(answered('ValidationException'))).toBe(true);
    expect(isServiceError({ $metadata: {} })).toBe(false);
    expect(isServiceError(new Error('Region is missing'))).toBe(false);
    expect(isServiceError(undefined)).toBe(false);
  });
});
