import { ConfigError, DEFAULT_CONFIG_FILE, formatProblem, loadConfig } from '../../config';
import type { Command } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs } from '../lib/args';
import { resolve } from 'node:path';

const HELP = `usage: mlpipe validate [file] [--quiet]

Checks a pipeline config file against the schema and the rules between its values, and prints
every problem with its path, the value found and how to fix it.

arguments:
  file        the config file (default: ${DEFAULT_CONFIG_FILE})

flags:
  --quiet     print nothing when the file is valid
  -h, --help  show this help

exit codes:
  0  the file is valid
  2  bad command line
  3  the file is missing, is not YAML, or has problems (all are listed)

examples:
  npx mlpipe validate
  npx mlpipe validate config/other-pipeline.yaml
`;

export const validateCommand: Command = withUsageErrors({
  name: 'validate',
  summary: 'check a pipeline.yaml and list every problem',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { quiet: { type: 'boolean', default: false } }, 1);
    const file = positionals[0] ?? DEFAULT_CONFIG_FILE;
    const quiet = Boolean(values.quiet);
    try {
      const config = loadConfig(resolve(io.cwd, file));
      if (!quiet) {
        const regions = config.stages.reduce((n, s) => n + s.regions.length, 0);
        io.out(`${file}: valid (${config.stages.length} stages, ${regions} stage-regions, source ${config.source.kind})\n`);
      }
      return ExitCode.OK;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      io.err(`${file}: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}\n`);
      for (const problem of err.problems) io.err(`  - ${formatProblem(problem)}\n`);
      return ExitCode.CONFIG;
    }
  },
});
