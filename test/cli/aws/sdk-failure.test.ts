import { ExitCode } from '../../../cli/exit-codes';
import { classifySdkFailure } from '../../../cli/lib/aws/sdk-failure';

/** an SDK error as the SDK builds it for an answer it could not read an error code from. */
function uncoded(name: string, message: string, status: number, contentType?: string): Error {
  const err = Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts: 1 } });
  if (contentType) Object.defineProperty(err, '$response', { value: { statusCode: status, headers: { 'content-type': contentType } } });
  return err;
}

const scope = { service: 'S3', role: 'the TrainModel role' };

describe('classifySdkFailure', () => {
  test('fails a bare 403 as access denied, advising the role the command runs as', () => {
    expect(classifySdkFailure(uncoded('Unknown', 'UnknownError', 403), scope)).toEqual({
      exitCode: ExitCode.ACCESS_DENIED,
      code: 'AccessDenied',
      service: 'S3',
      message: 'access denied (HTTP 403 with no error code); run it as the TrainModel role',
    });
  });

  test('fails a bare 401 as access denied too', () => {
    expect(classifySdkFailure(uncoded('Unknown', 'UnknownError', 401), scope)?.exitCode).toBe(ExitCode.ACCESS_DENIED);
  });

  test('fails an HTML 403 from a proxy as an answer that is not the service\'s', () => {
    expect(classifySdkFailure(uncoded('SyntaxError', 'Unexpected token', 403, 'text/html'), scope)?.exitCode).toBe(ExitCode.UNEXPECTED_RESPONSE);
  });

  test('fails an HTML 502 without the JSON parser\'s words or the SDK\'s advice', () => {
    const failure = classifySdkFailure(uncoded('SyntaxError', 'Unexpected token \'<\', "<html>"... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.', 502, 'text/html'), 'SageMaker');
    expect(failure).toEqual({
      exitCode: ExitCode.UNEXPECTED_RESPONSE,
      code: 'UnexpectedResponse',
      service: 'SageMaker',
      message: "SageMaker got an answer that is not SageMaker's: HTTP 502 (text/html) from the SageMaker endpoint; a proxy, load balancer or other server answered instead: check the network and proxy (HTTPS_PROXY), and AWS_ENDPOINT_URL_SAGEMAKER / AWS_ENDPOINT_URL if set",
    });
  });

  test('fails an S3 503 with no body as throttling (S3\'s SlowDown to a HEAD)', () => {
    expect(classifySdkFailure(uncoded('Unknown', 'UnknownError', 503), scope)).toMatchObject({ exitCode: ExitCode.THROTTLED, message: expect.stringContaining("HTTP 503 with no body: S3's SlowDown after 1 attempt)") });
  });

  test('leaves errors that are not AWS failures to the caller', () => {
    expect(classifySdkFailure(new TypeError('x is undefined'), scope)).toBeUndefined();
  });
});
