import { resolve } from 'node:path';
import { loadConfig } from '../../config';
import type { Command } from '../command';
import { withUsageErrors } from '../command';
import { wantsJson } from '../lib/json-output';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs, UsageError } from '../lib/args';
import { answerApproval, MAX_APPROVAL_SUMMARY } from '../lib/release/answer-approval';
import { COMMON_RELEASE_EXIT_CODES, exitCodeHelp } from '../lib/release/exit-code-help';
import { formatApprovalOutcome } from '../lib/release/format-approval';
import { AWS_ENVIRONMENT_HELP, RELEASE_FLAGS, RELEASE_FLAGS_HELP, releaseFlags } from '../lib/release/release-options';
import type { ReleaseDeps } from '../lib/release/run-release-command';
import { DEFAULT_RELEASE_DEPS, jsonDocument, openPipeline, runReleaseCommand } from '../lib/release/run-release-command';
import { colourWanted, styleFor } from '../lib/release/style';
import { formatPromotion } from '../lib/registry/format-release-models';
import type { PromotionOutcome } from '../lib/registry/approval-models';
import { promotionOf } from '../lib/registry/approval-models';
import type { RegistryClientFactory } from '../lib/registry/status-models';
import { DEFAULT_REGISTRY_CLIENT } from '../lib/registry/status-models';

/** recorded with the approval when no --comment is given. */
const DEFAULT_COMMENT = 'approved with mlpipe approve';

const HELP = `usage: mlpipe approve STAGE [--comment TEXT] [--action NAME] [--pipeline NAME | --config FILE] [--region REGION] [--json]

Approves the manual approval waiting in STAGE (e.g. Prod): finds it in the pipeline state, submits
"Approved" with the comment, and prints what was approved (the execution id and its source
revision). The stage name is matched without regard to case. CodePipeline records who approved.

arguments:
  STAGE            the stage whose approval to answer, e.g. Prod

flags:
  --comment TEXT   recorded with the approval, at most ${MAX_APPROVAL_SUMMARY} characters (default: "${DEFAULT_COMMENT}")
  --action NAME    the approval action, when the stage has more than one waiting
${RELEASE_FLAGS_HELP}

${exitCodeHelp([...COMMON_RELEASE_EXIT_CODES, 'STAGE_NOT_FOUND', 'ACTION_NOT_FOUND', 'NO_PENDING_APPROVAL', 'APPROVAL_ALREADY_COMPLETED', 'APPROVAL_TOKEN_INVALID'])}

${AWS_ENVIRONMENT_HELP}

examples:
  npx mlpipe status                     # see what waits, and what it contains
  npx mlpipe approve Prod --comment "staging latency ok, CHG-1234"
  npx mlpipe approve prod --pipeline mlops-pipeline --region eu-west-1 --json
`;

/** `mlpipe approve`, with its clock and client factory replaceable for tests. */
export function createApproveCommand(deps: ReleaseDeps = DEFAULT_RELEASE_DEPS, registryClient: RegistryClientFactory = DEFAULT_REGISTRY_CLIENT): Command {
  return withUsageErrors({
    name: 'approve',
    summary: 'approve the pending approval of a stage (e.g. promotion to Prod)',
    help: HELP,
    run: (args, io) =>
      runReleaseCommand(io, 'approve', async () => {
        const { values, positionals } = parseCommandArgs(args, { ...RELEASE_FLAGS, comment: { type: 'string' }, action: { type: 'string' } }, 1);
        const flags = releaseFlags(values);
        const stage = positionals[0];
        if (stage === undefined) throw new UsageError('name the stage to approve, e.g. `mlpipe approve Prod`');
        const comment = values.comment ?? DEFAULT_COMMENT;
        if (comment.length > MAX_APPROVAL_SUMMARY) {
          throw new UsageError(`--comment is ${comment.length} characters; CodePipeline accepts at most ${MAX_APPROVAL_SUMMARY}: shorten it`);
        }
        const { client, ctx } = await openPipeline(flags, (file) => loadConfig(resolve(io.cwd, file)), deps, io.env);
        const style = styleFor(colourWanted(io));
        let models: PromotionOutcome = {};
        const outcome = await answerApproval(
          client,
          { stage, ...(values.action === undefined ? {} : { action: values.action }), decision: 'Approved', summary: comment },
          ctx,
          async (approval, state) => {
            // what the approval promotes, printed before it is given
            models = await promotionOf(client, approval, state, ctx, registryClient, io.env);
            if (!flags.json) io.out(models.promotion ? `${formatPromotion(models.promotion, style).join('\n')}\n` : `model versions: could not be read: ${models.error ?? 'no promotion found'}\n`);
          },
        );
        io.out(flags.json ? jsonDocument({ ...outcome, region: ctx.region, models: models.promotion ?? { error: models.error } }) : formatApprovalOutcome(outcome, style));
        return ExitCode.OK;
      }, wantsJson(args)),
  });
}

export const approveCommand: Command = createApproveCommand();
