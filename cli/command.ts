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
