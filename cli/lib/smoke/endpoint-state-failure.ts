import { ExitCode } from '../../exit-codes';
import type { SdkFailure } from '../aws/sdk-failure';
import { errorMessage, errorName } from '../aws/sdk-failure';

/**
 * the failures of InvokeEndpoint that mean the endpoint is not there to test: it does not exist in
 * the account and region called, or it is not InService yet. Undefined for any other error.
 */
export function endpointStateFailure(err: unknown, endpointName: string): SdkFailure | undefined {
  const name = errorName(err);
  const message = errorMessage(err).split('\n')[0];
  const failure = (text: string): SdkFailure => ({ exitCode: ExitCode.AWS_ERROR, code: name, service: 'SageMaker Runtime', message: text });
  if (name === 'ValidationError' && /not found/i.test(message)) {
    return failure(`SageMaker Runtime InvokeEndpoint of endpoint ${endpointName} failed: it does not exist in this account and region (${message}); check --endpoint / ENDPOINT_NAME and --region / AWS_REGION`);
  }
  if (name === 'ModelNotReadyException' || name === 'ServiceUnavailable') {
    return failure(`SageMaker Runtime InvokeEndpoint of endpoint ${endpointName} failed: the endpoint is not ready (${name}: ${message}); wait until it is InService and run the gate again`);
  }
  return undefined;
}
