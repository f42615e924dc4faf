import { ExitCode } from '../../exit-codes';

/** what went wrong talking to AWS, as the CLI reports it. */
export interface SdkFailure {
  /** the exit code the command ends with */
  readonly exitCode: number;
  /** one line (or a few): what happened and what to do about it */
  readonly message: string;
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
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly attempts?: number; readonly httpStatusCode?: number };
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

/**
 * classifies failures that any AWS call can have: throttling, missing or refused credentials, a
 * missing region, an unreachable endpoint, and other service errors. Returns undefined for
 * anything else (a bug, reported as unexpected).
 * @param service the service name as users know it, e.g. "CodePipeline"
 */
export function classifySdkFailure(err: unknown, service: string): SdkFailure | undefined {
  const e = asErrorLike(err);
  if (e === undefined) return undefined;
  const name = errorName(err);
  const message = errorMessage(err);
  const code = typeof e.code === 'string' ? e.code : '';
  if (THROTTLING.has(name)) {
    const attempts = e.$metadata?.attempts;
    return {
      exitCode: ExitCode.THROTTLED,
      message: `${service} is throttling the requests (${name}${attempts ? ` after ${attempts} attempts` : ''}); wait a minute and run the command again, or raise AWS_MAX_ATTEMPTS`,
    };
  }
  if (CREDENTIALS_MISSING.has(name)) {
    return {
      exitCode: ExitCode.NO_CREDENTIALS,
      message: `no AWS credentials found (${message}); log in (e.g. \`aws sso login --profile NAME\` and set AWS_PROFILE=NAME) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
    };
  }
  if (CREDENTIALS_EXPIRED.has(name)) {
    return {
      exitCode: ExitCode.NO_CREDENTIALS,
      message: `the AWS credentials have expired (${name}); refresh them (e.g. \`aws sso login\`) and run the command again`,
    };
  }
  if (CREDENTIALS_REFUSED.has(name)) {
    return {
      exitCode: ExitCode.ACCESS_DENIED,
      message: `AWS does not accept the credentials (${name}: ${message}); check AWS_PROFILE / AWS_ACCESS_KEY_ID and that they belong to the pipeline's account`,
    };
  }
  if (ACCESS_DENIED.has(name)) {
    return {
      exitCode: ExitCode.ACCESS_DENIED,
      message: `access denied (${message}); use a role that may call ${service} on this pipeline (the release manager role of the tooling account)`,
    };
  }
  if (message === 'Region is missing') {
    return {
      exitCode: ExitCode.NO_REGION,
      message: 'no AWS region: pass --region (the tooling region in pipeline.yaml, e.g. --region eu-west-1), set AWS_REGION, or use a profile that has a region',
    };
  }
  if (NETWORK_CODES.has(code) || name === 'TimeoutError') {
    return {
      exitCode: ExitCode.ENDPOINT_UNREACHABLE,
      message: `cannot reach the ${service} endpoint (${message}); check the network and proxy, and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_${service.toUpperCase()} if set`,
    };
  }
  if (isServiceError(err)) {
    return { exitCode: ExitCode.AWS_ERROR, message: `${service} returned ${name || 'an error'}: ${message}` };
  }
  return undefined;
}
