import * as path from 'node:path';
import { getHeapStatistics } from 'node:v8';

/**
 * InvokeEndpoint's payload limit, for the request and for the response, by where the container runs:
 * 6 MB (6,291,456 bytes) on a real-time endpoint (instances, multi-model included), 4 MB on a
 * serverless one. A larger request, or an answer that would be larger, gets 413.
 */
export const PAYLOAD_LIMIT_BYTES = { 'real-time': 6 * 1024 * 1024, serverless: 4 * 1024 * 1024 } as const;

/** where the container runs: SERVING_ENDPOINT_TYPE, which the endpoint stack sets on the model. */
export type EndpointType = keyof typeof PAYLOAD_LIMIT_BYTES;

/** the environment variable that says where the container runs. */
export const ENDPOINT_TYPE_VARIABLE = 'SERVING_ENDPOINT_TYPE';

/** how the serving program runs, read from its environment. */
export interface ServerConfig {
  /** the folder standing in for /opt/ml; the model is in `<root>/model`. @default /opt/ml */
  readonly root: string;
  /** the single model's folder (SageMaker unpacks model.tar.gz there) */
  readonly modelDir: string;
  /** multi-model endpoints load models from under this folder */
  readonly multiModelDir: string;
  /** SAGEMAKER_BIND_TO_PORT; 0 picks a free port (local runs). @default 8080 */
  readonly port: number;
  /** SERVING_HOST. @default 0.0.0.0 */
  readonly host: string;
  /** SAGEMAKER_MULTI_MODEL=true. @default false */
  readonly multiModel: boolean;
  /** SERVING_SHUTDOWN_TIMEOUT_SECONDS: after SIGTERM, how long in-flight requests may take. @default 20 (SageMaker kills after 30) */
  readonly shutdownTimeoutMs: number;
  /** SERVING_MODEL_MEMORY_BUDGET_MB: memory models may hold in multi-model mode before loads get 507. @default half the V8 heap limit */
  readonly modelMemoryBudgetBytes: number;
  /** SERVING_ENDPOINT_TYPE: `real-time` or `serverless`. @default real-time */
  readonly endpointType: EndpointType;
  /** the largest request and response InvokeEndpoint delivers there (`PAYLOAD_LIMIT_BYTES`) */
  readonly payloadLimitBytes: number;
}

/** thrown for a bad environment variable; the program prints it and exits 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, unit: string, integer: boolean): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new ConfigError(`${name}='${raw}' is not ${integer ? 'a whole number' : 'a number'} of ${unit} between ${min} and ${max}; unset it to use ${fallback}`);
  }
  return value;
}

/** reads the serving configuration from environment variables, rejecting bad values with the fix. */
export function serverConfigFromEnv(env: NodeJS.ProcessEnv): ServerConfig {
  const root = env.SM_ROOT && env.SM_ROOT !== '' ? env.SM_ROOT : '/opt/ml';
  const multi = (env.SAGEMAKER_MULTI_MODEL ?? '').trim().toLowerCase();
  if (multi !== '' && multi !== 'true' && multi !== 'false') {
    throw new ConfigError(`SAGEMAKER_MULTI_MODEL='${env.SAGEMAKER_MULTI_MODEL}' must be true or false`);
  }
  const endpointType = (env[ENDPOINT_TYPE_VARIABLE] ?? '').trim() || 'real-time';
  if (!Object.hasOwn(PAYLOAD_LIMIT_BYTES, endpointType)) {
    throw new ConfigError(`${ENDPOINT_TYPE_VARIABLE}='${env[ENDPOINT_TYPE_VARIABLE]}' must be ${Object.keys(PAYLOAD_LIMIT_BYTES).join(' or ')} (the endpoint stack sets it); unset it for real-time`);
  }
  const defaultBudgetMb = Math.floor(getHeapStatistics().heap_size_limit / 2 / 1024 / 1024);
  return {
    root,
    modelDir: path.join(root, 'model'),
    multiModelDir: path.join(root, 'models'),
    port: numberFrom(env, 'SAGEMAKER_BIND_TO_PORT', 8080, 0, 65535, 'a TCP port', true),
    host: env.SERVING_HOST && env.SERVING_HOST !== '' ? env.SERVING_HOST : '0.0.0.0',
    multiModel: multi === 'true',
    shutdownTimeoutMs: 1000 * numberFrom(env, 'SERVING_SHUTDOWN_TIMEOUT_SECONDS', 20, 0.1, 28, 'seconds', false),
    modelMemoryBudgetBytes: Math.floor(1024 * 1024 * numberFrom(env, 'SERVING_MODEL_MEMORY_BUDGET_MB', defaultBudgetMb, 0.001, 1_048_576, 'megabytes', false)),
    endpointType: endpointType as EndpointType,
    payloadLimitBytes: PAYLOAD_LIMIT_BYTES[endpointType as EndpointType],
  };
}
