import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { recordCalls } from './call-record';

/** how the one CodePipeline client of a command is made. */
export interface CodePipelineClientOptions {
  /**
   * the region the pipeline lives in.
   * @default - the SDK's standard chain: `AWS_REGION`, then the region of the active profile
   */
  readonly region?: string;
  /**
   * the environment, only to name in failure messages the variable that points at the endpoint
   * @default - failures name AWS_ENDPOINT_URL_CODEPIPELINE as the variable to set
   */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * the CodePipeline client every release command uses. Only the region is ever set here, so the
 * SDK's standard environment keeps working: profiles (`AWS_PROFILE`), credentials from the
 * environment, SSO or instance roles, `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_CODEPIPELINE`, and
 * the retry settings (`AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`; by default 3 attempts with
 * exponential backoff and jitter, which also covers throttling).
 */
export function createCodePipelineClient(options: CodePipelineClientOptions = {}): CodePipelineClient {
  const client = new CodePipelineClient(options.region === undefined ? {} : { region: options.region });
  recordCalls(client, 'CodePipeline', options.env);
  return client;
}

/** the region the client will call: the `--region` flag or the SDK's chain; throws "Region is missing" when there is none. */
export async function clientRegion(client: CodePipelineClient): Promise<string> {
  return client.config.region();
}
