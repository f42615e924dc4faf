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

/** defines the whole app from a validated config: the compliance packs and the pipeline stack. */
export function buildApp(config: AppConfig, appProps: AppProps = {}): BuiltApp {
  const app = new App(appProps);
  registerNagPacks(app);
  const pipelineStack = new PipelineStack(app, 'Pipeline', {
    stackName: pipelineStackName(config),
    description: `${config.project.name}: self-mutating delivery pipeline`,
    env: { account: config.tooling.account, region: config.tooling.region },
    terminationProtection: true,
    config,
  });
  return { app, pipelineStack };
}
