import type { CodePipelineClient, GetPipelineStateOutput, PipelineExecution, PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import {
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import { clientRegion } from '../aws/codepipeline-client';
import { errorName } from '../aws/sdk-failure';
import type { FailureContext } from './codepipeline-failure';
import { callCodePipeline } from './codepipeline-failure';
import type { PendingApproval } from './pending-approval';

/** the region the client calls; fails with NO_REGION when neither --region nor the SDK's chain gives one. */
export async function resolveRegion(client: CodePipelineClient, ctx: FailureContext): Promise<string> {
  return callCodePipeline(() => clientRegion(client), ctx);
}

/** GetPipelineState of the pipeline in the context. */
export async function readPipelineState(client: CodePipelineClient, ctx: FailureContext): Promise<GetPipelineStateOutput> {
  return callCodePipeline(() => client.send(new GetPipelineStateCommand({ name: ctx.pipelineName })), ctx);
}

/**
 * GetPipelineExecution for each id, one call at a time. An execution CodePipeline no longer has
 * (history is kept 12 months) is left out, so its stage shows no revision.
 */
export async function readExecutions(
  client: CodePipelineClient,
  ids: readonly string[],
  ctx: FailureContext,
): Promise<Map<string, PipelineExecution>> {
  const executions = new Map<string, PipelineExecution>();
  for (const id of ids) {
    const execution = await callCodePipeline(async () => {
      try {
        const out = await client.send(new GetPipelineExecutionCommand({ pipelineName: ctx.pipelineName, pipelineExecutionId: id }));
        return out.pipelineExecution;
      } catch (err) {
        if (errorName(err) === 'PipelineExecutionNotFoundException') return undefined;
        throw err;
      }
    }, ctx);
    if (execution) executions.set(id, execution);
  }
  return executions;
}

/** the newest `limit` executions, newest first, paging through ListPipelineExecutions (100 a page). */
export async function listExecutions(client: CodePipelineClient, limit: number, ctx: FailureContext): Promise<PipelineExecutionSummary[]> {
  const summaries: PipelineExecutionSummary[] = [];
  let nextToken: string | undefined;
  do {
    const maxResults = Math.min(100, limit - summaries.length);
    const page = await callCodePipeline(
      () => client.send(new ListPipelineExecutionsCommand({ pipelineName: ctx.pipelineName, maxResults, ...(nextToken ? { nextToken } : {}) })),
      ctx,
    );
    summaries.push(...(page.pipelineExecutionSummaries ?? []).slice(0, maxResults));
    nextToken = page.nextToken;
  } while (nextToken && summaries.length < limit);
  return summaries;
}

/** PutApprovalResult for a pending approval; resolves to when CodePipeline recorded the answer. */
export async function putApprovalResult(
  client: CodePipelineClient,
  approval: PendingApproval,
  decision: 'Approved' | 'Rejected',
  summary: string,
  ctx: FailureContext,
): Promise<Date | undefined> {
  const answerCtx = { ...ctx, stageName: approval.stageName, actionName: approval.actionName };
  const out = await callCodePipeline(
    () =>
      client.send(
        new PutApprovalResultCommand({
          pipelineName: ctx.pipelineName,
          stageName: approval.stageName,
          actionName: approval.actionName,
          token: approval.token,
          result: { status: decision, summary },
        }),
      ),
    answerCtx,
  );
  return out.approvedAt;
}
