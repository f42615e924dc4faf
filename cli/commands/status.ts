import { resolve } from 'node:path';
import { loadConfig } from '../../config';
import type { Command } from '../command';
import { withUsageErrors } from '../command';
import { wantsJson } from '../lib/json-output';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs } from '../lib/args';
import { COMMON_RELEASE_EXIT_CODES, exitCodeHelp } from '../lib/release/exit-code-help';
import { formatStatus, statusJson } from '../lib/release/format-status';
import { readExecutions, readPipelineState } from '../lib/release/pipeline-api';
import { buildPipelineView, stageExecutionIds } from '../lib/release/pipeline-view';
import { AWS_ENVIRONMENT_HELP, RELEASE_FLAGS, RELEASE_FLAGS_HELP, releaseFlags } from '../lib/release/release-options';
import type { ReleaseDeps } from '../lib/release/run-release-command';
import { DEFAULT_RELEASE_DEPS, jsonDocument, openPipeline, runReleaseCommand } from '../lib/release/run-release-command';
import { colourWanted, styleFor } from '../lib/release/style';
import { formatReleaseModels } from '../lib/registry/format-release-models';
import type { RegistryClientFactory } from '../lib/registry/status-models';
import { DEFAULT_REGISTRY_CLIENT, statusModels } from '../lib/registry/status-models';

const HELP = `usage: mlpipe status [--pipeline NAME | --config FILE] [--region REGION] [--json]

Shows each stage of the pipeline with its status, its last change, the execution in it and the
source revision (commit id and message) that execution carries, then every approval waiting for
an answer: how long it has waited, its summary, and when it expires (CodePipeline fails an
approval after 7 days by default; the deadline assumes that default). Then, from the model
registry, the model versions each stage serves (those of the newest execution that succeeded in
it) with their registry status and metrics, and for each pending approval the versions it would
promote next to the ones the stage serves, compared on the gate's metric (better, worse, same,
new). Coloured on a terminal, plain when piped.

flags:
${RELEASE_FLAGS_HELP}

${exitCodeHelp(COMMON_RELEASE_EXIT_CODES)}

${AWS_ENVIRONMENT_HELP}

examples:
  npx mlpipe status
  npx mlpipe status --pipeline mlops-pipeline --region eu-west-1
  AWS_PROFILE=release npx mlpipe status --json | jq '.pendingApprovals'
`;

/** `mlpipe status`, with its clock and client factory replaceable for tests. */
export function createStatusCommand(deps: ReleaseDeps = DEFAULT_RELEASE_DEPS, registryClient: RegistryClientFactory = DEFAULT_REGISTRY_CLIENT): Command {
  return withUsageErrors({
    name: 'status',
    summary: 'show each stage, the revision in it and every pending approval',
    help: HELP,
    run: (args, io) =>
      runReleaseCommand(io, 'status', async () => {
        const { values } = parseCommandArgs(args, RELEASE_FLAGS, 0);
        const flags = releaseFlags(values);
        const { client, ctx } = await openPipeline(flags, (file) => loadConfig(resolve(io.cwd, file)), deps, io.env);
        const state = await readPipelineState(client, ctx);
        const executions = await readExecutions(client, stageExecutionIds(state), ctx);
        const view = buildPipelineView(state, executions, { pipelineName: ctx.pipelineName, region: ctx.region, readAt: deps.now() });
        const models = await statusModels(client, view, ctx, registryClient, io.env);
        const style = styleFor(colourWanted(io));
        const modelsText = models.models ? formatReleaseModels(models.models, style) : `model versions: could not be read: ${models.error}\n`;
        io.out(flags.json ? jsonDocument({ ...(statusJson(view) as object), models: models.models ?? { error: models.error } }) : `${formatStatus(view, style)}\n${modelsText}`);
        return ExitCode.OK;
      }, wantsJson(args)),
  });
}

export const statusCommand: Command = createStatusCommand();
