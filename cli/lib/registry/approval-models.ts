import type { CodePipelineClient, GetPipelineStateOutput } from '@aws-sdk/client-codepipeline';
import { classifySdkFailure } from '../aws/sdk-failure';
import { markVersions } from './mark-versions';
import type { MarkedVersion } from './mark-versions';
import type { FailureContext } from '../release/codepipeline-failure';
import type { PendingApproval } from '../release/pending-approval';
import { buildPipelineView } from '../release/pipeline-view';
import type { PromotionModels } from './release-models';
import type { ModelsOutcome, RegistryClientFactory } from './status-models';
import { statusModels } from './status-models';

/** the model versions an approval would promote, or why they could not be read. */
export type PromotionOutcome = { readonly promotion?: PromotionModels; readonly error?: string };

/** reads, for one pending approval, the versions its execution carries next to the ones its stage serves. */
export async function promotionOf(
  codepipeline: CodePipelineClient,
  approval: PendingApproval,
  state: GetPipelineStateOutput,
  ctx: FailureContext & { readonly region: string },
  makeClient: RegistryClientFactory,
  env: NodeJS.ProcessEnv,
): Promise<PromotionOutcome> {
  const view = buildPipelineView(state, new Map(), { pipelineName: ctx.pipelineName, region: ctx.region, readAt: new Date(0) });
  const only = { ...view, stages: view.stages.filter((s) => s.name === approval.stageName), pendingApprovals: view.pendingApprovals.filter((p) => p.stageName === approval.stageName && p.actionName === approval.actionName) };
  const outcome: ModelsOutcome = await statusModels(codepipeline, only, ctx, makeClient, env);
  if (outcome.error !== undefined) return { error: outcome.error };
  return { promotion: outcome.models.promotions[0] };
}

/**
 * marks the versions a rejected promotion carried Rejected (those production already serves stay
 * Approved). Resolves to what happened to each, or why the registry could not be updated: the
 * rejection itself is recorded in CodePipeline either way.
 */
export async function rejectPromotion(
  promotion: PromotionModels,
  reason: string,
  ctx: { readonly region: string },
  makeClient: RegistryClientFactory,
  env: NodeJS.ProcessEnv,
): Promise<{ readonly marked?: MarkedVersion[]; readonly error?: string }> {
  const sagemaker = makeClient(ctx.region, env);
  const arns = promotion.models.map((m) => m.candidate.arn);
  try {
    const description = `rejected at ${promotion.stageName} / ${promotion.actionName} in execution ${promotion.pipelineExecutionId}: ${reason}`.slice(0, 1024);
    return { marked: await markVersions(sagemaker, arns, 'Rejected', description, { sleep: (ms) => new Promise((done) => setTimeout(done, ms)), attempts: 3 }) };
  } catch (err) {
    const failure = classifySdkFailure(err, { service: 'SageMaker', role: 'your role (the release-manager policy grants sagemaker:UpdateModelPackage on the project\'s versions)' });
    if (!failure) throw err;
    return { error: `${failure.message}; mark them with \`mlpipe registry reject --versions ...\` once fixed` };
  }
}
