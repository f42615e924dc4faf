import { ExitCode } from '../../exit-codes';
import type { SdkFailure } from '../aws/sdk-failure';
import { classifySdkFailure, errorName } from '../aws/sdk-failure';
import { ReleaseError } from './release-error';

/** what a release command was doing when a CodePipeline call failed, for the message. */
export interface FailureContext {
  /** the pipeline it called */
  readonly pipelineName: string;
  /**
   * the region it called
   * @default - not named in messages (not resolved yet)
   */
  readonly region?: string;
  /**
   * the tooling region in pipeline.yaml, to point out a region mismatch
   * @default - no hint (the pipeline name came from --pipeline)
   */
  readonly configRegion?: string;
  /**
   * the stage it answered an approval in
   * @default - not named in messages
   */
  readonly stageName?: string;
  /**
   * the approval action it answered
   * @default - not named in messages
   */
  readonly actionName?: string;
}

function pipelineNotFound(ctx: FailureContext): string {
  const where = ctx.region ? ` in ${ctx.region}` : '';
  const hint = ctx.configRegion && ctx.region && ctx.configRegion !== ctx.region
    ? `; pipeline.yaml puts the pipeline in ${ctx.configRegion}: pass --region ${ctx.configRegion}`
    : '; check --pipeline (or project.prefix in pipeline.yaml), --region, and that the credentials are for the tooling account';
  return `pipeline '${ctx.pipelineName}' not found${where}${hint}`;
}

/** the approval as `Stage / Action` for messages. */
function approvalName(ctx: FailureContext): string {
  return `${ctx.stageName ?? '?'} / ${ctx.actionName ?? '?'}`;
}

/** the role release commands run as, for access-denied advice. */
export const RELEASE_SCOPE = {
  service: 'CodePipeline',
  role: 'the release-manager role (one with the <project.prefix>-release-manager policy in the tooling account)',
} as const;

/** maps a failed CodePipeline call to an exit code and a message that says what to do. */
export function describeCodePipelineFailure(err: unknown, ctx: FailureContext): SdkFailure | undefined {
  const known = knownFailure(err, ctx);
  return known ? { service: 'CodePipeline', code: errorName(err), ...known } : undefined;
}

function knownFailure(err: unknown, ctx: FailureContext): (Pick<SdkFailure, 'exitCode' | 'message'> & Partial<SdkFailure>) | undefined {
  switch (errorName(err)) {
    case 'PipelineNotFoundException':
      return { exitCode: ExitCode.PIPELINE_NOT_FOUND, message: pipelineNotFound(ctx) };
    case 'StageNotFoundException':
      return {
        exitCode: ExitCode.STAGE_NOT_FOUND,
        message: `stage '${ctx.stageName ?? '?'}' not found in pipeline '${ctx.pipelineName}' (the pipeline changed while the command ran); run \`mlpipe status\` to see its stages`,
      };
    case 'ActionNotFoundException':
      return {
        exitCode: ExitCode.ACTION_NOT_FOUND,
        message: `approval ${approvalName(ctx)} not found in pipeline '${ctx.pipelineName}' (the pipeline changed while the command ran); run \`mlpipe status\` and try again`,
      };
    case 'ApprovalAlreadyCompletedException':
      return {
        exitCode: ExitCode.APPROVAL_ALREADY_COMPLETED,
        message: `approval ${approvalName(ctx)} was already answered by someone else; run \`mlpipe status\` to see what happened and what waits now`,
      };
    case 'InvalidApprovalTokenException':
      return {
        exitCode: ExitCode.APPROVAL_TOKEN_INVALID,
        message: `the token of approval ${approvalName(ctx)} is no longer valid: the approval expired (after 7 days), was answered, or its execution was stopped or superseded; run \`mlpipe status\` to see what waits now`,
      };
    default: {
      const failure = classifySdkFailure(err, RELEASE_SCOPE);
      if (failure?.exitCode === ExitCode.NO_REGION && ctx.configRegion) {
        return { ...failure, message: `no AWS region: pass --region ${ctx.configRegion} (the tooling region in pipeline.yaml), set AWS_REGION, or use a profile that has a region` };
      }
      return failure;
    }
  }
}

/** runs one CodePipeline call; a failure the CLI knows becomes a ReleaseError with its exit code. */
export async function callCodePipeline<T>(call: () => Promise<T>, ctx: FailureContext): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const failure = describeCodePipelineFailure(err, ctx);
    if (failure === undefined) throw err;
    throw new ReleaseError(failure.exitCode, failure.message, failure.service, failure.code);
  }
}
