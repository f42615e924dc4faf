import { ExitCode } from './exit-codes';
import { UsageError } from './lib/args';
import { jsonError, wantsJson } from './lib/json-output';

/** where a command writes, and what it may read of its environment; tests pass their own. */
export interface CommandIo {
  /** writes to standard output */
  readonly out: (text: string) => void;
  /** writes to standard error */
  readonly err: (text: string) => void;
  /** the process environment (for the SDK's standard variables and colour detection) */
  readonly env: NodeJS.ProcessEnv;
  /** the working directory relative paths are resolved against */
  readonly cwd: string;
  /** whether standard output is a terminal (colour only then) */
  readonly isTty: boolean;
}

/** one `mlpipe` subcommand. */
export interface Command {
  /** the word typed after `mlpipe` */
  readonly name: string;
  /** one line for the command list */
  readonly summary: string;
  /** the full `--help` text: usage, flags, exit codes, examples */
  readonly help: string;
  /** runs the command with the arguments after its name; resolves to the exit code */
  readonly run: (args: string[], io: CommandIo) => Promise<number>;
}

/**
 * the command with the one treatment every command gives a bad command line: a `UsageError`
 * thrown anywhere in `run` becomes one line `mlpipe <name>: <reason>`, then
 * `see: mlpipe <name> --help`, and exit code 2 (under `--json`, one JSON error object on stdout).
 */
export function withUsageErrors(command: Command): Command {
  return {
    ...command,
    async run(args, io) {
      try {
        return await command.run(args, io);
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        if (wantsJson(args)) {
          io.out(jsonError({ code: 'Usage', exitCode: ExitCode.USAGE, message: `mlpipe ${command.name}: ${err.message}; see: mlpipe ${command.name} --help` }));
          return ExitCode.USAGE;
        }
        io.err(`mlpipe ${command.name}: ${err.message}\nsee: mlpipe ${command.name} --help\n`);
        return ExitCode.USAGE;
      }
    },
  };
}
