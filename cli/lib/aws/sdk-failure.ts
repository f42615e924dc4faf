import { ExitCode } from '../../exit-codes';
import type { AwsCall } from './call-record';
import { endpointVariableOf, recordedCall } from './call-record';
import { neededPermission } from './needed-permission';

/** what went wrong talking to AWS, as the CLI reports it. */
export interface SdkFailure {
  /** the exit code the command ends with */
  readonly exitCode: number;
  /** one line (or a few): what happened and what to do about it */
  readonly message: string;
  /** the service whose call failed, e.g. "S3" */
  readonly service: string;
  /** a short name of the failure, e.g. "AccessDenied", "EndpointUnreachable" */
  readonly code: string;
}

/** who made the call, for the advice of a failure. */
export interface FailureScope {
  /** the service the command talks to when the error does not say which call failed */
  readonly service: string;
  /**
   * the role the command runs as where it matters, e.g. "the TrainModel role"
   * @default "the role of the credentials in use"
   */
  readonly role?: string;
  /**
   * the setting each resource name came from, e.g. `{ "mlops-models-...": "MODELS_BUCKET" }`, so
   * that a service error about the resource (NoSuchBucket, an unknown endpoint) names what to fix
   * @default - no setting is named
   */
  readonly settings?: Readonly<Record<string, string>>;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'SlowDown',
]);
const CREDENTIALS_MISSING = new Set(['CredentialsProviderError', 'TokenProviderError']);
const CREDENTIALS_EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired']);
const CREDENTIALS_REFUSED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch']);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied']);
/** names the SDK gives an answer it could not read an error code from */
const NO_ERROR_CODE = new Set(['Unknown', 'UnknownError', 'SyntaxError', 'Forbidden', 'Error']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly attempts?: number; readonly httpStatusCode?: number };
  readonly $response?: { readonly statusCode?: number; readonly headers?: Record<string, string> };
}

function asErrorLike(err: unknown): ErrorLike | undefined {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : undefined;
}

/** the error's name, e.g. `PipelineNotFoundException`, or '' for non-errors. */
export function errorName(err: unknown): string {
  const name = asErrorLike(err)?.name;
  return typeof name === 'string' ? name : '';
}

/** the error's message, or its string form. */
export function errorMessage(err: unknown): string {
  const message = asErrorLike(err)?.message;
  return typeof message === 'string' && message !== '' ? message : String(err);
}

/** whether AWS answered the call with an error (as opposed to the SDK failing before or around it). */
export function isServiceError(err: unknown): boolean {
  return asErrorLike(err)?.$metadata?.httpStatusCode !== undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** the resource a call acted on, from its parameters: `s3://bucket/key`, `training job x`, `endpoint x`, `pipeline x`. */
export function callResource(call: AwsCall): string | undefined {
  const input = call.input;
  const bucket = text(input.Bucket);
  if (bucket) {
    const key = text(input.Key);
    const source = text(input.CopySource);
    return `s3://${bucket}${key ? `/${key}` : ''}${source ? ` (copied from s3://${decodeURIComponent(source)})` : ''}`;
  }
  if (text(input.TrainingJobName)) return `training job ${text(input.TrainingJobName)}`;
  if (text(input.EndpointName)) return `endpoint ${text(input.EndpointName)}`;
  const pipeline = text(input.pipelineName) ?? text(input.name);
  if (pipeline) return `pipeline ${pipeline}${text(input.stageName) ? ` (stage ${text(input.stageName)})` : ''}`;
  return undefined;
}

/** `HeadObject of s3://b/k`: the operation and what it acted on. */
function operationOf(call: AwsCall): string {
  const resource = callResource(call);
  return `${call.operation}${resource ? ` of ${resource}` : ''}`;
}

/** `S3 HeadObject of s3://b/k`, or the service alone when the call is not known. */
function what(call: AwsCall | undefined, service: string): string {
  return call ? `${call.service} ${operationOf(call)}` : service;
}

/** the endpoint and where it came from: `http://127.0.0.1:9/ (from AWS_ENDPOINT_URL_S3)`, and what to check. */
function endpointOf(call: AwsCall | undefined, service: string): { where: string; fix: string } {
  const variable = call?.endpointVariable ?? endpointVariableOf(service);
  if (call?.endpointFromVariable) return { where: call.url ? `the ${service} endpoint ${call.url} (from ${variable})` : `the ${service} endpoint set by ${variable}`, fix: `check ${variable}` };
  const url = call?.url ? ` ${call.url} (the region's default)` : '';
  return { where: `the ${service} endpoint${url}`, fix: `check the network and proxy (HTTPS_PROXY), and ${variable} / AWS_ENDPOINT_URL if set` };
}

function accessDenied(call: AwsCall | undefined, scope: FailureScope, reason: string): SdkFailure {
  const service = call?.service ?? scope.service;
  const role = scope.role ?? 'the role of the credentials in use';
  const permission = call ? neededPermission(call) : undefined;
  const advice = permission ? `${role} needs ${permission}` : scope.role ? `run it as ${scope.role}` : `use credentials that may call ${service} here`;
  return { exitCode: ExitCode.ACCESS_DENIED, code: 'AccessDenied', service, message: `access denied (${reason})${call ? ` for ${what(call, service)}` : ''}; ${advice}` };
}

/** `; the bucket name b comes from MODELS_BUCKET`, when the error is about a resource that a setting named. */
function settingHint(call: AwsCall | undefined, scope: FailureScope, name: string): string {
  if (!call || !scope.settings) return '';
  const named = [['bucket', name === 'NoSuchBucket' ? call.input.Bucket : undefined], ['endpoint', call.input.EndpointName], ['pipeline', call.input.pipelineName ?? call.input.name]] as const;
  for (const [kind, value] of named) {
    const setting = typeof value === 'string' ? scope.settings[value] : undefined;
    if (setting) return `; the ${kind} name ${value} comes from ${setting}: check it`;
  }
  return '';
}

const afterAttempts = (attempts: number | undefined): string => (attempts ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : '');

/** an HTTP answer without an error code: a bare 401/403 is access denied, anything else is not the service's own answer. */
function uncodedAnswer(err: ErrorLike, call: AwsCall | undefined, scope: FailureScope, status: number): SdkFailure | undefined {
  const service = call?.service ?? scope.service;
  const contentType = call?.contentType ?? err.$response?.headers?.['content-type'];
  const html = contentType !== undefined && /html|text\/plain/i.test(contentType);
  if ((status === 401 || status === 403) && !html) {
    const head = call?.operation.startsWith('Head') ? `, which is how ${service} answers a HEAD the caller may not make` : '';
    return accessDenied(call, scope, `HTTP ${status} with no error code${head}`);
  }
  if (service === 'S3' && status === 503 && contentType === undefined) {
    return {
      exitCode: ExitCode.THROTTLED,
      code: 'Throttled',
      service,
      message: `S3 is throttling ${call ? operationOf(call) : 'the requests'} (HTTP 503 with no body: S3's SlowDown${afterAttempts(err.$metadata?.attempts)}); wait a minute and run the command again, or raise AWS_MAX_ATTEMPTS`,
    };
  }
  const endpoint = endpointOf(call, service);
  return {
    exitCode: ExitCode.UNEXPECTED_RESPONSE,
    code: 'UnexpectedResponse',
    service,
    message:
      `${what(call, service)} got an answer that is not ${service}'s: HTTP ${status}${contentType ? ` (${contentType})` : ' with no error code'} from ${endpoint.where}; ` +
      `a proxy, load balancer or other server answered instead: ${endpoint.fix}`,
  };
}

/**
 * classifies failures that any AWS call can have: throttling, missing or refused credentials,
 * access denied (also a bare 401/403 without an error code), a missing region, an unreachable
 * endpoint, an answer that is not the service's (a proxy's HTML page), and other service errors.
 * Messages name the service, operation and resource of the call when its client recorded them
 * (see recordCalls), and the endpoint variable that points at it. Returns undefined for anything
 * else (a bug, reported as unexpected).
 * @param scope the service the command talks to (used when the error does not say) and the role it runs as
 */
export function classifySdkFailure(err: unknown, scope: string | FailureScope): SdkFailure | undefined {
  const e = asErrorLike(err);
  if (e === undefined) return undefined;
  const where = typeof scope === 'string' ? { service: scope } : scope;
  const call = recordedCall(err);
  const service = call?.service ?? where.service;
  const name = errorName(err);
  const message = errorMessage(err).split('\n')[0];
  const code = typeof e.code === 'string' ? e.code : '';
  const status = e.$metadata?.httpStatusCode;
  const failure = (exitCode: number, failureCode: string, text: string): SdkFailure => ({ exitCode, code: failureCode, service, message: text });
  if (THROTTLING.has(name)) {
    const attempts = e.$metadata?.attempts;
    return failure(ExitCode.THROTTLED, 'Throttled', `${service} is throttling ${call ? operationOf(call) : 'the requests'} (${name}${afterAttempts(attempts)}); wait a minute and run the command again, or raise AWS_MAX_ATTEMPTS`);
  }
  if (CREDENTIALS_MISSING.has(name)) {
    return failure(ExitCode.NO_CREDENTIALS, 'NoCredentials', `no AWS credentials found (${message}); log in (e.g. \`aws sso login --profile NAME\` and set AWS_PROFILE=NAME) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
  }
  if (CREDENTIALS_EXPIRED.has(name)) {
    return failure(ExitCode.NO_CREDENTIALS, 'CredentialsExpired', `the AWS credentials have expired (${name}); refresh them (e.g. \`aws sso login\`) and run the command again`);
  }
  if (CREDENTIALS_REFUSED.has(name)) {
    return failure(ExitCode.ACCESS_DENIED, 'CredentialsRefused', `AWS does not accept the credentials (${name}: ${message})${call ? ` for ${what(call, service)}` : ''}; check AWS_PROFILE / AWS_ACCESS_KEY_ID and that they belong to the right account`);
  }
  if (ACCESS_DENIED.has(name)) return accessDenied(call, where, message);
  if (message === 'Region is missing') {
    return failure(ExitCode.NO_REGION, 'NoRegion', 'no AWS region: pass --region (the tooling region in pipeline.yaml, e.g. --region eu-west-1), set AWS_REGION, or use a profile that has a region');
  }
  if (NETWORK_CODES.has(code) || name === 'TimeoutError') {
    const endpoint = endpointOf(call, service);
    return failure(ExitCode.ENDPOINT_UNREACHABLE, 'EndpointUnreachable', `cannot reach ${endpoint.where}${call ? ` for ${operationOf(call)}` : ''} (${message}); ${endpoint.fix}`);
  }
  if (status !== undefined && NO_ERROR_CODE.has(name)) return uncodedAnswer(e, call, where, status);
  // a HEAD answer has no body: S3's 404 to HeadObject reaches the SDK as NotFound with the message UnknownError
  const said = name === 'NotFound' && NO_ERROR_CODE.has(message) ? `no object at that key (HTTP ${status ?? 404})` : message;
  if (isServiceError(err)) return failure(ExitCode.AWS_ERROR, name || 'AwsError', `${what(call, service)} returned ${name || 'an error'}: ${said}${settingHint(call, where, name)}`);
  return undefined;
}
