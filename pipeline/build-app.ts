import { App } from 'aws-cdk-lib';
import type { AppProps } from 'aws-cdk-lib';
import type { AppConfig } from '../config';
import { approvalActionName, artifactReplicaBucketName, artifactReplicaStackName, pipelineName, pipelineStackName, regionsBeyondTooling } from '../config';
import { registerNagPacks } from '../compliance/register-nag';
import { ArtifactReplicaStack } from './artifact-replica-stack';
import { PipelineStack } from './pipeline-stack';
import { DeveloperPolicy } from './developer-policy';
import { ReleaseManagerPolicy } from './release-manager-policy';

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
  // top-level stacks have ids equal to their names: `cdk deploy <name>` selects stacks by id
  const replicas = regionsBeyondTooling(config).map(
    (region) =>
      new ArtifactReplicaStack(app, artifactReplicaStackName(config, region), {
        stackName: artifactReplicaStackName(config, region),
        description: `${config.project.name}: pipeline artifact replica in ${region}`,
        env: { account: config.tooling.account, region },
        terminationProtection: true,
        namePrefix: config.project.prefix,
        bucketName: artifactReplicaBucketName(config, region),
      }),
  );
  const pipelineStack = new PipelineStack(app, pipelineStackName(config), {
    stackName: pipelineStackName(config),
    description: `${config.project.name}: self-mutating delivery pipeline`,
    env: { account: config.tooling.account, region: config.tooling.region },
    terminationProtection: true,
    config,
    cdkPipelinesDefaults: options.cdkPipelinesDefaults,
    replicationBuckets: replicas.length ? Object.fromEntries(replicas.map((r) => [r.region, r.bucket])) : undefined,
  });
  new ReleaseManagerPolicy(pipelineStack, 'ReleaseManagers', {
    pipelineName: pipelineName(config),
    managedPolicyName: `${config.project.prefix}-release-manager`,
    approvals: config.stages.filter((s) => s.approval).map((s) => `${s.name}/${approvalActionName(s)}`),
    modelPackagePrefix: config.project.prefix,
  });
  if (config.source.kind === 'codecommit' && config.source.create) {
    new DeveloperPolicy(pipelineStack, 'Developers', { repositoryName: config.source.repository, branch: config.source.branch, managedPolicyName: `${config.project.prefix}-developer` });
  }
  for (const replica of replicas) pipelineStack.addStackDependency(replica, 'CodePipeline replicates artifacts into this bucket');
  return { app, pipelineStack };
}
