import { RequestLog } from './request-log';
import { createServingServer } from './server';
import { ConfigError, serverConfigFromEnv } from './server-config';

/** exit codes of the serving program. */
export const ServingExit = {
  /** stopped on SIGTERM after draining in-flight requests */
  STOPPED: 0,
  /** the model could not be loaded, the port could not be bound, or draining timed out */
  FAILED: 1,
  /** wrong argument or environment variable */
  USAGE: 2,
} as const;

const USAGE = [
  'usage: serve',
  '  SageMaker runs the image as `docker run <image> serve`.',
  '  SM_ROOT                           folder standing in for /opt/ml (default /opt/ml); the model is in <SM_ROOT>/model',
  '  SAGEMAKER_BIND_TO_PORT            port (default 8080; 0 picks a free one, printed in the "listening" log line)',
  '  SERVING_HOST                      address to bind (default 0.0.0.0)',
  '  SAGEMAKER_MULTI_MODEL             true for a multi-model endpoint (models under <SM_ROOT>/models)',
  '  SERVING_SHUTDOWN_TIMEOUT_SECONDS  time in-flight requests get after SIGTERM (default 20)',
  '  SERVING_MODEL_MEMORY_BUDGET_MB    multi-model memory budget before loads get 507 (default half the heap limit)',
  '  SERVING_ENDPOINT_TYPE             real-time (default) or serverless: requests and answers over 6 MB, or 4 MB serverless, get 413',
  '',
].join('\n');

/**
 * the serving program: `serve` starts the HTTP server of SageMaker's hosting contract, loads the
 * model, and drains on SIGTERM. Resolves once it is listening (the process then lives on the server);
 * `exit` is called with the final code.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, exit: (code: number) => void = (code) => process.exit(code)): Promise<void> {
  const write = (text: string) => process.stdout.write(text);
  if (argv[0] !== 'serve' || argv.length > 1) {
    process.stderr.write(`${argv.length === 0 ? 'missing the serve argument' : `unexpected arguments: ${argv.join(' ')}`}\n${USAGE}`);
    return exit(ServingExit.USAGE);
  }
  let config;
  try {
    config = serverConfigFromEnv(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return exit(ServingExit.USAGE);
  }
  const log = new RequestLog(write);
  const serving = createServingServer(config, log);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    serving.shutdown(signal).then((code) => {
      log.event('stopped', { code });
      log.flush();
      exit(code);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    const port = await serving.listen();
    log.event('listening', { port, host: config.host, multiModel: config.multiModel, endpointType: config.endpointType, payloadLimitBytes: config.payloadLimitBytes, pid: process.pid });
    log.flush();
  } catch (error) {
    log.event('listen-failed', { port: config.port, error: (error as Error).message });
    log.flush();
    return exit(ServingExit.FAILED);
  }
  if (config.multiModel) return;
  try {
    const model = await serving.loadSingleModel();
    log.event('model-loaded', { dir: model.dir, features: model.predictor.featureNames, classes: model.predictor.classes });
    log.flush();
  } catch (error) {
    log.event('model-load-failed', { error: (error as Error).message });
    log.flush();
    exit(ServingExit.FAILED);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env);
}
