import { ListActionExecutionsCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { MODEL_VERSIONS_VARIABLE } from '../../../config/registry-names';
import { callCodePipeline } from '../release/codepipeline-failure';
import type { FailureContext } from '../release/codepipeline-failure';
import { parseModelVersions } from './registered-version';
import type { VersionReference } from './registered-version';

/**
 * the model versions a pipeline execution carries: the Train step's exported MODEL_VERSIONS, read
 * from the execution's action executions (ListActionExecutions, every page). Empty when the
 * execution's Train step exported none (it ran before the registry existed, or failed).
 */
export async function executionVersions(client: CodePipelineClient, executionId: string, ctx: FailureContext): Promise<VersionReference[]> {
  let nextToken: string | undefined;
  do {
    const page = await callCodePipeline(
      () => client.send(new ListActionExecutionsCommand({ pipelineName: ctx.pipelineName, filter: { pipelineExecutionId: executionId }, maxResults: 100, ...(nextToken ? { nextToken } : {}) })),
      ctx,
    );
    for (const detail of page?.actionExecutionDetails ?? []) {
      const value = detail.output?.outputVariables?.[MODEL_VERSIONS_VARIABLE];
      if (value !== undefined) return parseModelVersions(value);
    }
    nextToken = page?.nextToken;
  } while (nextToken);
  return [];
}

/** the newest pipeline execution that succeeded in a stage (what the stage serves now), if any. */
export async function lastSucceededIn(client: CodePipelineClient, stageName: string, ctx: FailureContext): Promise<string | undefined> {
  const page = await callCodePipeline(() => client.send(new ListPipelineExecutionsCommand({ pipelineName: ctx.pipelineName, maxResults: 1, filter: { succeededInStage: { stageName } } })), ctx);
  return page?.pipelineExecutionSummaries?.[0]?.pipelineExecutionId;
}
