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
import type { PromotionOutcome } from '../lib/registry/approval-models';
import { formatRejection } from '../lib/registry/format-release-models';
import { promotionOf, rejectPromotion } from '../lib/registry/approval-models';
import type { RegistryClientFactory } from '../lib/registry/status-models';
import { DEFAULT_REGISTRY_CLIENT } from '../lib/registry/status-models';

const HELP = `usage: mlpipe reject STAGE --reason TEXT [--action NAME] [--pipeline NAME | --config FILE] [--region REGION] [--json]

Rejects the manual approval waiting in STAGE (e.g. Prod): finds it in the pipeline state, submits
"Rejected" with the reason, and prints what was rejected (the execution id and its source
revision). The execution stops there. The stage name is matched without regard to case.

arguments:
  STAGE            the stage whose approval to answer, e.g. Prod

flags:
  --reason TEXT    why, recorded with the rejection (required), at most ${MAX_APPROVAL_SUMMARY} characters
  --action NAME    the approval action, when the stage has more than one waiting
${RELEASE_FLAGS_HELP}

${exitCodeHelp([...COMMON_RELEASE_EXIT_CODES, 'STAGE_NOT_FOUND', 'ACTION_NOT_FOUND', 'NO_PENDING_APPROVAL', 'APPROVAL_ALREADY_COMPLETED', 'APPROVAL_TOKEN_INVALID'])}

${AWS_ENVIRONMENT_HELP}

examples:
  npx mlpipe reject Prod --reason "p99 latency regressed in staging, see INC-42"
  npx mlpipe reject prod --reason "wrong data version" --json
`;

/** `mlpipe reject`, with its clock and client factory replaceable for tests. */
export function createRejectCommand(deps: ReleaseDeps = DEFAULT_RELEASE_DEPS, registryClient: RegistryClientFactory = DEFAULT_REGISTRY_CLIENT): Command {
  return withUsageErrors({
    name: 'reject',
    summary: 'reject the pending approval of a stage, with a reason',
    help: HELP,
    run: (args, io) =>
      runReleaseCommand(io, 'reject', async () => {
        const { values, positionals } = parseCommandArgs(args, { ...RELEASE_FLAGS, reason: { type: 'string' }, action: { type: 'string' } }, 1);
        const flags = releaseFlags(values);
        const stage = positionals[0];
        if (stage === undefined) throw new UsageError('name the stage to reject, e.g. `mlpipe reject Prod --reason "..."`');
        const reason = values.reason?.trim();
        if (!reason) throw new UsageError('--reason is required: say why, e.g. --reason "latency regressed in staging"');
        if (reason.length > MAX_APPROVAL_SUMMARY) {
          throw new UsageError(`--reason is ${reason.length} characters; CodePipeline accepts at most ${MAX_APPROVAL_SUMMARY}: shorten it`);
        }
        const { client, ctx } = await openPipeline(flags, (file) => loadConfig(resolve(io.cwd, file)), deps, io.env);
        const style = styleFor(colourWanted(io));
        let models: PromotionOutcome = {};
        const outcome = await answerApproval(
          client,
          { stage, ...(values.action === undefined ? {} : { action: values.action }), decision: 'Rejected', summary: reason },
          ctx,
          async (approval, state) => {
            models = await promotionOf(client, approval, state, ctx, registryClient, io.env);
          },
        );
        // the rejected promotion's versions are marked Rejected, so the registry agrees with the pipeline
        const rejection = models.promotion ? await rejectPromotion(models.promotion, reason, ctx, registryClient, io.env) : { marked: [] };
        const registry = models.promotion ? { ...models.promotion, marked: rejection.marked ?? [], ...(rejection.error ? { error: rejection.error } : {}) } : { error: models.error };
        io.out(flags.json ? jsonDocument({ ...outcome, region: ctx.region, models: registry }) : `${formatApprovalOutcome(outcome, style)}${formatRejection(models, rejection)}`);
        return ExitCode.OK;
      }, wantsJson(args)),
  });
}

export const rejectCommand: Command = createRejectCommand();
