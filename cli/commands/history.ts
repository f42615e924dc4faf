import { resolve } from 'node:path';
import { loadConfig } from '../../config';
import type { Command } from '../command';
import { withUsageErrors } from '../command';
import { wantsJson } from '../lib/json-output';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs, UsageError } from '../lib/args';
import { COMMON_RELEASE_EXIT_CODES, exitCodeHelp } from '../lib/release/exit-code-help';
import { formatHistory } from '../lib/release/format-history';
import { executionView } from '../lib/release/history-view';
import { listExecutions } from '../lib/release/pipeline-api';
import { AWS_ENVIRONMENT_HELP, RELEASE_FLAGS, RELEASE_FLAGS_HELP, releaseFlags } from '../lib/release/release-options';
import type { ReleaseDeps } from '../lib/release/run-release-command';
import { DEFAULT_RELEASE_DEPS, jsonDocument, openPipeline, runReleaseCommand } from '../lib/release/run-release-command';
import { colourWanted, styleFor } from '../lib/release/style';

/** the most executions `--limit` accepts (10 pages of ListPipelineExecutions). */
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 10;

const HELP = `usage: mlpipe history [--limit N] [--pipeline NAME | --config FILE] [--region REGION] [--json]

Lists the pipeline's recent executions, newest first: id, status, what triggered it, the source
revisions it carried, when it started and how long it ran (or has run so far). CodePipeline keeps
12 months of history.

flags:
  --limit N        how many executions to show, 1-${MAX_LIMIT} (default: ${DEFAULT_LIMIT})
${RELEASE_FLAGS_HELP}

${exitCodeHelp(COMMON_RELEASE_EXIT_CODES)}

${AWS_ENVIRONMENT_HELP}

examples:
  npx mlpipe history
  npx mlpipe history --limit 50 --json | jq -r '.executions[] | select(.status == "Failed") | .pipelineExecutionId'
`;

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > MAX_LIMIT) {
    throw new UsageError(`--limit '${text}' must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

/** `mlpipe history`, with its clock and client factory replaceable for tests. */
export function createHistoryCommand(deps: ReleaseDeps = DEFAULT_RELEASE_DEPS): Command {
  return withUsageErrors({
    name: 'history',
    summary: 'list recent pipeline executions with trigger, revisions and duration',
    help: HELP,
    run: (args, io) =>
      runReleaseCommand(io, 'history', async () => {
        const { values } = parseCommandArgs(args, { ...RELEASE_FLAGS, limit: { type: 'string' } }, 0);
        const flags = releaseFlags(values);
        const limit = parseLimit(values.limit);
        const { client, ctx } = await openPipeline(flags, (file) => loadConfig(resolve(io.cwd, file)), deps, io.env);
        const summaries = await listExecutions(client, limit, ctx);
        const now = deps.now();
        const executions = summaries.map((s) => executionView(s, now));
        io.out(
          flags.json
            ? jsonDocument({ pipelineName: ctx.pipelineName, region: ctx.region, readAt: now, executions })
            : formatHistory(ctx.pipelineName, executions, styleFor(colourWanted(io))),
        );
        return ExitCode.OK;
      }, wantsJson(args)),
  });
}

export const historyCommand: Command = createHistoryCommand();
