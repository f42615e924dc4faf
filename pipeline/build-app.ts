import { App } from 'aws-cdk-lib';
import type { AppProps } from 'aws-cdk-lib';
import type { AppConfig } from '../config';
import { pipelineStackName } from '../config';
import { registerNagPacks } from '../compliance/register-nag';
import { PipelineStack } from './pipeline-stack';

/** what buildApp defines. */
export interface BuiltApp {
  readonly app: App;
  readonly pipelineStack: PipelineStack;
}

/** options of buildApp. */
export interface BuildAppOptions {
  /**
   * register the compliance packs (synth then fails on any open finding)
   * @default true
   */
  readonly compliance?: boolean;
  /**
   * build the pipeline with CDK Pipelines' defaults (for the synth benchmark)
   * @default false
   */
  readonly cdkPipelinesDefaults?: boolean;
}

/** defines the whole app from a validated config: the compliance packs and the pipeline stack. */
export function buildApp(config: AppConfig, appProps: AppProps = {}, options: BuildAppOptions = {}): BuiltApp {
  const app = new App(appProps);
  if (options.compliance ?? true) registerNagPacks(app);
  const pipelineStack = new PipelineStack(app, 'Pipeline', {
    stackName: pipelineStackName(config),
    description: `${config.project.name}: self-mutating delivery pipeline`,
    env: { account: config.tooling.account, region: config.tooling.region },
    terminationProtection: true,
    config,
    cdkPipelinesDefaults: options.cdkPipelinesDefaults,
  });
  return { app, pipelineStack };
}
