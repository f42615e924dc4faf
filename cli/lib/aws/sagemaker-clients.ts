import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { recordCalls } from './call-record';

/** how the clients of a command are made. */
export interface AwsClientOptions {
  /**
   * the region to call.
   * @default - the SDK's standard chain: `AWS_REGION`, then the region of the active profile
   */
  readonly region?: string;
  /**
   * the environment the SDK reads its endpoint from; only used to name, in failure messages, the
   * variable that points the client at its endpoint (the SDK reads the real environment itself)
   * @default - failures name AWS_ENDPOINT_URL_<SERVICE> as the variable to set
   */
  readonly env?: NodeJS.ProcessEnv;
}

const config = (options: AwsClientOptions) => (options.region === undefined ? {} : { region: options.region });

/**
 * the SageMaker, S3 and SageMaker Runtime clients of the train and smoke-test commands. Only the
 * region is ever set here, so the SDK's standard environment keeps working: credentials and
 * profiles, `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_SAGEMAKER`, `AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`, `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE`. Every error the
 * clients throw records which call failed (see recordCalls).
 */
export function createSageMakerClient(options: AwsClientOptions = {}): SageMakerClient {
  const client = new SageMakerClient(config(options));
  recordCalls(client, 'SageMaker', options.env);
  return client;
}

/** the S3 client (see createSageMakerClient for the environment it honours). */
export function createS3Client(options: AwsClientOptions = {}): S3Client {
  const client = new S3Client(config(options));
  recordCalls(client, 'S3', options.env);
  return client;
}

/** the SageMaker Runtime client (see createSageMakerClient for the environment it honours). */
export function createSageMakerRuntimeClient(options: AwsClientOptions = {}): SageMakerRuntimeClient {
  const client = new SageMakerRuntimeClient(config(options));
  recordCalls(client, 'SageMaker Runtime', options.env);
  return client;
}
