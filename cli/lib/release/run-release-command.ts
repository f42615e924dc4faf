import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { ConfigError, formatProblem } from '../../../config';
import type { CommandIo } from '../../command';
import { ExitCode } from '../../exit-codes';
import { jsonError } from '../json-output';
import type { CodePipelineClientOptions } from '../aws/codepipeline-client';
import { createCodePipelineClient } from '../aws/codepipeline-client';
import type { AppConfig } from '../../../config';
import type { FailureContext } from './codepipeline-failure';
import { resolveRegion } from './pipeline-api';
import { ReleaseError } from './release-error';
import type { ReleaseFlags } from './release-options';
import { releaseTarget } from './release-options';

/** what release commands take from the outside world; tests pass their own clock. */
export interface ReleaseDeps {
  /**
   * the current time (ages, deadlines, running durations)
   * @default - the system clock
   */
  readonly now: () => Date;
  /**
   * makes the CodePipeline client
   * @default - createCodePipelineClient (the SDK's standard environment)
   */
  readonly createClient: (options: CodePipelineClientOptions) => CodePipelineClient;
}

/** the real clock and client. */
export const DEFAULT_RELEASE_DEPS: ReleaseDeps = { now: () => new Date(), createClient: createCodePipelineClient };

/**
 * runs the body of a release command (or of `cost`) and turns the failures it expects into a message on stderr
 * and their exit code: a bad config file (every problem) and a ReleaseError (unknown stage, AWS
 * failures). A bad command line is left to `withUsageErrors`; anything else is a bug and propagates.
 * @param json whether the command line asked for `--json`: then a failure is one JSON error object on stdout
 */
export async function runReleaseCommand(io: CommandIo, name: string, body: () => Promise<number>, json = false): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (json && err instanceof ConfigError) {
      io.out(jsonError({ code: 'ConfigInvalid', exitCode: ExitCode.CONFIG, message: `mlpipe ${name}: ${err.message.split('\n')[0]}`, problems: err.problems.map(formatProblem) }));
      return ExitCode.CONFIG;
    }
    if (json && err instanceof ReleaseError) {
      io.out(jsonError({ code: err.code, exitCode: err.exitCode, message: `mlpipe ${name}: ${err.message}`, service: err.service }));
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      io.err(`mlpipe ${name}: cannot read the pipeline name from ${err.file} (or pass --pipeline NAME): ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}\n`);
      for (const problem of err.problems) io.err(`  - ${formatProblem(problem)}\n`);
      return ExitCode.CONFIG;
    }
    if (err instanceof ReleaseError) {
      io.err(`mlpipe ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

/** the pipeline a command works on: its client, and the context its failures are reported in. */
export interface OpenPipeline {
  /** the CodePipeline client (region from --region or the SDK's chain) */
  readonly client: CodePipelineClient;
  /** the pipeline name and the region the client calls */
  readonly ctx: FailureContext & { readonly region: string };
}

/**
 * resolves the pipeline name (--pipeline or the config file, read with `readConfig`), makes the
 * client and resolves its region: `--region`, else the SDK's chain (AWS_REGION, the profile's
 * region), else the config's tooling.region; fails with NO_REGION before any call when there is none.
 * @param env the environment, to name the endpoint variable in failure messages
 */
export async function openPipeline(flags: ReleaseFlags, readConfig: (file: string) => AppConfig, deps: ReleaseDeps, env: NodeJS.ProcessEnv = {}): Promise<OpenPipeline> {
  const target = releaseTarget(flags, readConfig);
  const ctx = { pipelineName: target.pipelineName, ...(target.configRegion ? { configRegion: target.configRegion } : {}) };
  let client = deps.createClient({ ...(flags.region === undefined ? {} : { region: flags.region }), env });
  if (flags.region === undefined && target.configRegion !== undefined && !(await hasRegion(client))) {
    client = deps.createClient({ region: target.configRegion, env });
  }
  const region = await resolveRegion(client, ctx);
  return { client, ctx: { ...ctx, region } };
}

/** whether the SDK's chain gives the client a region. */
async function hasRegion(client: CodePipelineClient): Promise<boolean> {
  try {
    return Boolean(await client.config.region());
  } catch {
    return false;
  }
}

export { jsonDocument } from '../json-output';
