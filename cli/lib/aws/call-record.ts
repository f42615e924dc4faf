/** which call to AWS failed: recorded on the error by the client that sent it. */
export interface AwsCall {
  /** the service as users know it, e.g. "S3" */
  readonly service: string;
  /** the operation, e.g. "HeadObject" */
  readonly operation: string;
  /** the request's parameters (Bucket, Key, TrainingJobName, EndpointName, pipeline name...) */
  readonly input: Readonly<Record<string, unknown>>;
  /**
   * the URL the request went to
   * @default - unknown (the call failed before its endpoint was resolved)
   */
  readonly url?: string;
  /** the variable that points the client at its endpoint, e.g. AWS_ENDPOINT_URL_S3 */
  readonly endpointVariable: string;
  /** whether that variable (or AWS_ENDPOINT_URL, named in endpointVariable then) is set */
  readonly endpointFromVariable: boolean;
  /**
   * the answer's Content-Type
   * @default - no answer, or none given
   */
  readonly contentType?: string;
}

const RECORD = Symbol.for('mlpipe.awsCall');

/** the variable the SDK reads for a service's endpoint: AWS_ENDPOINT_URL_ plus its id in upper snake case. */
export function endpointVariableOf(service: string): string {
  return `AWS_ENDPOINT_URL_${service.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** the call recorded on an SDK error, if the client that threw it records calls. */
export function recordedCall(err: unknown): AwsCall | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  return (err as { [RECORD]?: AwsCall })[RECORD];
}

interface MiddlewareStackLike {
  add: (middleware: unknown, options: { step: 'initialize'; name: string; override?: boolean }) => void;
}

interface HandlerContext {
  readonly commandName?: string;
  readonly endpointV2?: { readonly url?: URL };
}

/**
 * makes a client record on every error it throws which call failed (service, operation, input,
 * endpoint URL and the variable that points at it), so failure messages can name them.
 * @param env the environment the client was configured from, to tell whether the endpoint came
 *   from AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, or the region's default
 */
export function recordCalls(client: { readonly middlewareStack: unknown }, service: string, env: NodeJS.ProcessEnv = {}): void {
  const specific = endpointVariableOf(service);
  const endpointVariable = env[specific] ? specific : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : specific;
  const endpointFromVariable = Boolean(env[specific] || env.AWS_ENDPOINT_URL);
  const middleware = (next: (args: { input: object }) => Promise<unknown>, context: HandlerContext) => async (args: { input: object }) => {
    try {
      return await next(args);
    } catch (err) {
      if (typeof err === 'object' && err !== null && !(RECORD in err)) {
        const response = (err as { $response?: { headers?: Record<string, string> } }).$response;
        const call: AwsCall = {
          service,
          operation: (context.commandName ?? 'UnknownCommand').replace(/Command$/, ''),
          input: { ...(args.input as Record<string, unknown>) },
          ...(context.endpointV2?.url ? { url: context.endpointV2.url.href } : {}),
          endpointVariable,
          endpointFromVariable,
          ...(response?.headers?.['content-type'] ? { contentType: response.headers['content-type'] } : {}),
        };
        Object.defineProperty(err, RECORD, { value: call, enumerable: false });
      }
      throw err;
    }
  };
  (client.middlewareStack as MiddlewareStackLike).add(middleware, { step: 'initialize', name: 'mlpipeRecordCalls', override: true });
}
