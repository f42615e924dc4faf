// prints the CloudFormation execution policy of the stage accounts (docs/deploying.md,
// "Bootstrap every account"): reads the config (MLPIPE_CONFIG or pipeline.yaml), builds the app without synthesizing
// it, and writes the policy document for the resource types of its stage templates to stdout.
import { ConfigError, DEFAULT_CONFIG_FILE, loadConfig } from '../config';
import { buildApp } from '../pipeline/build-app';
import { deployExecutionPolicy, stageResourceTypes } from '../pipeline/deploy-policy';

const file = process.env.MLPIPE_CONFIG ?? DEFAULT_CONFIG_FILE;
try {
  const config = loadConfig(file);
  const { app } = buildApp(config, {}, { compliance: false });
  process.stdout.write(`${JSON.stringify(deployExecutionPolicy(config.project.prefix, stageResourceTypes(app)))}\n`);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(3);
}
