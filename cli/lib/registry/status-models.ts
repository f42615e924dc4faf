import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { createSageMakerClient } from '../aws/sagemaker-clients';
import { classifySdkFailure } from '../aws/sdk-failure';
import type { FailureContext } from '../release/codepipeline-failure';
import type { PipelineView } from '../release/pipeline-view';
import { ReleaseError } from '../release/release-error';
import { readReleaseModels } from './release-models';
import type { ReleaseModels } from './release-models';

/** makes the SageMaker client of the registry (the pipeline's region); tests point it at a fake. */
export type RegistryClientFactory = (region: string, env: NodeJS.ProcessEnv) => SageMakerClient;

/** the SDK's client in the pipeline's region (the registry is in the tooling account, beside the pipeline). */
export const DEFAULT_REGISTRY_CLIENT: RegistryClientFactory = (region, env) => createSageMakerClient({ region, env });

/** the registry part of a release command: the models, or why they could not be read. */
export type ModelsOutcome = { readonly models: ReleaseModels; readonly error?: undefined } | { readonly models?: undefined; readonly error: string };

/**
 * reads the versions each stage serves and each pending approval would promote. A failure to read
 * them (a role without the registry's read actions, the registry unreachable) does not hide the
 * pipeline's state: it is returned as the message to print where the versions would be.
 */
export async function statusModels(codepipeline: CodePipelineClient, view: PipelineView, ctx: FailureContext & { readonly region: string }, makeClient: RegistryClientFactory, env: NodeJS.ProcessEnv): Promise<ModelsOutcome> {
  try {
    const sagemaker = makeClient(ctx.region, env);
    return { models: await readReleaseModels(codepipeline, sagemaker, view, ctx, { sleep: (ms) => new Promise((done) => setTimeout(done, ms)), attempts: 3 }) };
  } catch (err) {
    if (err instanceof ReleaseError) return { error: err.message };
    const failure = classifySdkFailure(err, { service: 'SageMaker', role: 'your role (the release-manager policy grants the registry\'s read actions)' });
    if (failure) return { error: failure.message };
    throw err;
  }
}
