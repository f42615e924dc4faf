import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { FailureContext } from '../release/codepipeline-failure';
import type { PipelineView } from '../release/pipeline-view';
import type { ThrottleRetryOptions } from '../training/throttle-retry';
import { executionVersions, lastSucceededIn } from './execution-versions';
import { describeVersion } from './find-version';
import type { FoundVersion } from './find-version';
import { REGISTRY_METADATA } from './model-package-request';
import type { ApprovalStatus, VersionReference } from './registered-version';

/** one model version as the release commands show it. */
export interface VersionView {
  readonly model: string;
  readonly group: string;
  readonly version: number;
  readonly arn: string;
  readonly status: ApprovalStatus;
  /** the gate's metric and direction, from the version's `mlpipe:gate` */
  readonly gate?: { readonly metric: string; readonly direction: 'maximize' | 'minimize' };
  /** every metric the version records (`metric:<name>`) */
  readonly metrics: Readonly<Record<string, number>>;
  readonly trainingJob?: string;
  readonly commit?: string;
}

/** one stage: the execution that last succeeded in it and the versions that execution deployed. */
export interface StageModels {
  readonly stage: string;
  readonly pipelineExecutionId?: string;
  readonly versions: readonly VersionView[];
}

/** how a candidate version's gate metric compares with the one the stage serves. */
export type Verdict = 'better' | 'worse' | 'same' | 'new' | 'unknown';

/** one model of a promotion: what it would deploy next to what the stage serves. */
export interface ModelComparison {
  readonly model: string;
  readonly metric?: string;
  readonly candidate: VersionView;
  readonly current?: VersionView;
  readonly verdict: Verdict;
}

/** a pending approval with the versions it would promote. */
export interface PromotionModels {
  readonly stageName: string;
  readonly actionName: string;
  readonly pipelineExecutionId: string;
  readonly models: readonly ModelComparison[];
}

/** what `mlpipe status` and `mlpipe approve` show of the registry. */
export interface ReleaseModels {
  readonly stages: readonly StageModels[];
  readonly promotions: readonly PromotionModels[];
}

/** the stages before the deployments (they serve no model). */
const NOT_DEPLOYING = new Set(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Train']);

/** a found version as shown, with its gate and metrics read from its customer metadata. */
export function versionView(reference: Pick<VersionReference, 'model' | 'group'>, found: FoundVersion): VersionView {
  const metrics: Record<string, number> = {};
  for (const [key, value] of Object.entries(found.metadata)) {
    if (key.startsWith(REGISTRY_METADATA.metricPrefix) && Number.isFinite(Number(value))) metrics[key.slice(REGISTRY_METADATA.metricPrefix.length)] = Number(value);
  }
  const [metric, direction] = (found.metadata[REGISTRY_METADATA.gate] ?? '').split(' ');
  const gate = metric && (direction === 'maximize' || direction === 'minimize') ? { metric, direction: direction as 'maximize' | 'minimize' } : undefined;
  const job = found.metadata[REGISTRY_METADATA.trainingJob];
  const commit = found.commitId ?? found.metadata[REGISTRY_METADATA.commit];
  return { model: reference.model, group: reference.group, version: found.version, arn: found.arn, status: found.status, ...(gate ? { gate } : {}), metrics, ...(job ? { trainingJob: job } : {}), ...(commit ? { commit } : {}) };
}

/** compares a candidate with the version served, by the candidate's gate direction. */
export function compare(candidate: VersionView, current: VersionView | undefined): ModelComparison {
  const metric = candidate.gate?.metric;
  const base = { model: candidate.model, candidate, ...(current ? { current } : {}), ...(metric ? { metric } : {}) };
  if (!current) return { ...base, verdict: 'new' };
  if (current.arn === candidate.arn) return { ...base, verdict: 'same' };
  const a = metric === undefined ? undefined : candidate.metrics[metric];
  const b = metric === undefined ? undefined : current.metrics[metric];
  if (a === undefined || b === undefined || !candidate.gate) return { ...base, verdict: 'unknown' };
  if (a === b) return { ...base, verdict: 'same' };
  const better = candidate.gate.direction === 'maximize' ? a > b : a < b;
  return { ...base, verdict: better ? 'better' : 'worse' };
}

/**
 * per deploying stage, the versions it serves (those of the newest execution that succeeded in
 * it), and per pending approval the versions its execution would promote, each next to the one
 * the stage serves. Versions are described once each.
 */
export async function readReleaseModels(codepipeline: CodePipelineClient, sagemaker: SageMakerClient, view: PipelineView, ctx: FailureContext, retry: ThrottleRetryOptions): Promise<ReleaseModels> {
  const described = new Map<string, Promise<VersionView>>();
  const views = (refs: readonly VersionReference[]) =>
    Promise.all(
      refs.map((ref) => {
        const known = described.get(ref.arn) ?? describeVersion(sagemaker, ref.arn, retry).then((found) => versionView(ref, found));
        described.set(ref.arn, known);
        return known;
      }),
    );
  const stages: StageModels[] = [];
  for (const stage of view.stages.filter((s) => !NOT_DEPLOYING.has(s.name))) {
    const executionId = await lastSucceededIn(codepipeline, stage.name, ctx);
    stages.push({ stage: stage.name, ...(executionId ? { pipelineExecutionId: executionId } : {}), versions: executionId ? await views(await executionVersions(codepipeline, executionId, ctx)) : [] });
  }
  const promotions: PromotionModels[] = [];
  for (const approval of view.pendingApprovals) {
    if (!approval.pipelineExecutionId) continue;
    const candidates = await views(await executionVersions(codepipeline, approval.pipelineExecutionId, ctx));
    const served = stages.find((s) => s.stage === approval.stageName)?.versions ?? [];
    promotions.push({
      stageName: approval.stageName,
      actionName: approval.actionName,
      pipelineExecutionId: approval.pipelineExecutionId,
      models: candidates.map((c) => compare(c, served.find((s) => s.model === c.model))),
    });
  }
  return { stages, promotions };
}
