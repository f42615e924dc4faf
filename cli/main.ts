import type { CommandIo } from './command';
import type { CommandEntry } from './commands';
import { COMMANDS } from './commands';
import { closestMatch as didYouMean } from '../config/did-you-mean';
import { jsonError, wantsJson } from './lib/json-output';
import { ExitCode } from './exit-codes';
import { silenceOldNodeWarning } from './node-version-notice';

/** the io of the running process. */
export function processIo(): CommandIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTty: Boolean(process.stdout.isTTY),
  };
}

function overview(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: mlpipe <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Run `mlpipe <command> --help` for a command\'s flags, exit codes and examples.',
    '',
    'exit codes shared by all commands: 0 ok, 1 check failed, 2 bad command line, 3 bad config',
    '',
  ].join('\n');
}

/**
 * runs `mlpipe` with the given arguments and resolves to the process exit code. Only the named
 * command's module is loaded, so the command list and a bad command line cost no SDK or CDK load.
 */
export async function main(argv: string[], io: CommandIo = processIo(), commands: readonly CommandEntry[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview(commands));
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    const guess = didYouMean(name, commands.map((c) => c.name));
    const message = `mlpipe: unknown command '${name}'${guess ? `; did you mean ${guess}?` : ''}`;
    if (wantsJson(rest)) io.out(jsonError({ code: 'Usage', exitCode: ExitCode.USAGE, message: `${message}; see: mlpipe --help` }));
    else io.err(`${message}\nsee: mlpipe --help\n`);
    return ExitCode.USAGE;
  }
  const command = entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return ExitCode.OK;
  }
  const notice = entry.callsAws ? silenceOldNodeWarning(io.env, process.version) : undefined;
  const code = await command.run(rest, io);
  // after the command's own output, and not under a usage error, which stays one line and its pointer to --help
  if (notice && code !== ExitCode.USAGE) io.err(`${notice}\n`);
  return code;
}
