import { ExitCode } from '../../../cli/exit-codes';
import { endpointStateFailure } from '../../../cli/lib/smoke/endpoint-state-failure';

/** an error as the SDK throws it: a name and a message. */
const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('endpointStateFailure: an endpoint that is not there to test', () => {
  it('fails when the endpoint does not exist, naming it, the first line of the message and the settings to check', () => {
    const err = sdkError('ValidationError', 'Endpoint ep-prod of account 111122223333 not found.\nat line 2');
    expect(endpointStateFailure(err, 'ep-prod')).toEqual({
      exitCode: ExitCode.AWS_ERROR,
      code: 'ValidationError',
      service: 'SageMaker Runtime',
      message:
        'SageMaker Runtime InvokeEndpoint of endpoint ep-prod failed: it does not exist in this account and region (Endpoint ep-prod of account 111122223333 not found.); check --endpoint / ENDPOINT_NAME and --region / AWS_REGION',
    });
  });

  it('reads "not found" without regard to case', () => {
    expect(endpointStateFailure(sdkError('ValidationError', 'Endpoint ep NOT FOUND'), 'ep')?.message).toContain('it does not exist in this account and region (Endpoint ep NOT FOUND)');
  });

  it('leaves other validation errors to the general mapping', () => {
    expect(endpointStateFailure(sdkError('ValidationError', 'Content-Type text/xml is not supported'), 'ep')).toBeUndefined();
  });

  it('leaves a "not found" of another error name to the general mapping', () => {
    expect(endpointStateFailure(sdkError('ResourceNotFound', 'Endpoint ep not found'), 'ep')).toBeUndefined();
  });

  it.each(['ModelNotReadyException', 'ServiceUnavailable'])('fails when the endpoint is not ready (%s), telling to wait until it is InService', (name) => {
    expect(endpointStateFailure(sdkError(name, 'Model is loading\nmore'), 'ep-dev')).toEqual({
      exitCode: ExitCode.AWS_ERROR,
      code: name,
      service: 'SageMaker Runtime',
      message: `SageMaker Runtime InvokeEndpoint of endpoint ep-dev failed: the endpoint is not ready (${name}: Model is loading); wait until it is InService and run the gate again`,
    });
  });

  it('leaves any other error, and a value that is not an error, to the general mapping', () => {
    expect(endpointStateFailure(sdkError('ThrottlingException', 'Rate exceeded'), 'ep')).toBeUndefined();
    expect(endpointStateFailure('not found', 'ep')).toBeUndefined();
  });
});
