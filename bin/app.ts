// CDK entry point (cdk.json "app"): the only place that reads the outside world. Reads the config
// (MLPIPE_CONFIG or pipeline.yaml), validates it, and defines the app. A bad config synthesizes
// nothing: every problem is printed and the process exits non-zero.
import { ConfigError, DEFAULT_CONFIG_FILE, loadConfig } from '../config';
import { buildApp } from '../pipeline/build-app';

const file = process.env.MLPIPE_CONFIG ?? DEFAULT_CONFIG_FILE;
try {
  buildApp(loadConfig(file)).app.synth();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(3);
}
