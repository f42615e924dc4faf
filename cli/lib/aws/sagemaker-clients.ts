import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';

/** how the clients of a command are made. */
export interface AwsClientOptions {
  /**
   * the region to call.
   * @default - the SDK's standard chain: `AWS_REGION`, then the region of the active profile
   */
  readonly region?: string;
}

const config = (options: AwsClientOptions) => (options.region === undefined ? {} : { region: options.region });

/**
 * the SageMaker, S3 and SageMaker Runtime clients of the train and smoke-test commands. Only the
 * region is ever set here, so the SDK's standard environment keeps working: credentials and
 * profiles, `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_SAGEMAKER`, `AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`, `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE`.
 */
export function createSageMakerClient(options: AwsClientOptions = {}): SageMakerClient {
  return new SageMakerClient(config(options));
}

/** the S3 client (see createSageMakerClient for the environment it honours). */
export function createS3Client(options: AwsClientOptions = {}): S3Client {
  return new S3Client(config(options));
}

/** the SageMaker Runtime client (see createSageMakerClient for the environment it honours). */
export function createSageMakerRuntimeClient(options: AwsClientOptions = {}): SageMakerRuntimeClient {
  return new SageMakerRuntimeClient(config(options));
}
