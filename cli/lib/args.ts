import { parseArgs } from 'node:util';
import { closestMatch as didYouMean } from '../../config/did-you-mean';

/** a command-line mistake: reported in one line with a pointer to the help, and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** the flags of a command as typed: `--region`, and `-h` for short ones. */
function flagNames(options: Options): string[] {
  return Object.entries(options ?? {}).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
}

/** node:util's parse error as one line: the flag, what is wrong with it, and a did-you-mean. */
function usageMessage(err: Error & { code?: string }, options: Options): string {
  const flag = /'(-[^' ]*)/.exec(err.message)?.[1] ?? '';
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const [name, value] = flag.split('=');
    const guess = didYouMean(name, [...flagNames(options), '--help']);
    return `unknown flag '${name}'${guess ? `; did you mean ${guess}${value === undefined ? '' : `=${value}`}?` : ''}`;
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/argument missing/.test(err.message)) return `${flag} needs a value, e.g. ${flag} VALUE`;
    if (/does not take an argument/.test(err.message)) return `${flag} takes no value; write ${flag} alone`;
  }
  return err.message.split('\n')[0];
}

/** parses flags strictly; unknown flags and missing values become a UsageError that names them. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, maxPositionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(usageMessage(err as Error, options));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[maxPositionals]}'${maxPositionals === 0 ? ' (this command takes only flags)' : ''}`);
  }
  return parsed;
}
