import { resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG_FILE, formatProblem, loadConfig } from '../../config';
import type { Command } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs } from '../lib/args';
import { jsonDocument, jsonError } from '../lib/json-output';

const HELP = `usage: mlpipe validate [file] [--quiet] [--json]

Checks a pipeline config file against the schema and the rules between its values, and prints
every problem with its path, the value found and how to fix it.

arguments:
  file        the config file (default: ${DEFAULT_CONFIG_FILE})

flags:
  --quiet     print nothing when the file is valid
  --json      print one JSON document: {file, valid, stages, stageRegions, source}, or on failure
              {error: {code, exitCode, message, service, problems: [{path, value, message, text}]}}
  -h, --help  show this help

exit codes:
  0  the file is valid
  2  bad command line
  3  the file is missing, is not YAML, or has problems (all are listed)

examples:
  npx mlpipe validate
  npx mlpipe validate config/other-pipeline.yaml
  npx mlpipe validate --json | jq -r '.error.problems[]?.text'
`;

export const validateCommand: Command = withUsageErrors({
  name: 'validate',
  summary: 'check a pipeline.yaml and list every problem',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { quiet: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } }, 1);
    const file = positionals[0] ?? DEFAULT_CONFIG_FILE;
    try {
      const config = loadConfig(resolve(io.cwd, file));
      const regions = config.stages.reduce((n, s) => n + s.regions.length, 0);
      if (values.json) io.out(jsonDocument({ file, valid: true, stages: config.stages.length, stageRegions: regions, source: config.source.kind }));
      else if (!values.quiet) io.out(`${file}: valid (${config.stages.length} stages, ${regions} stage-regions, source ${config.source.kind})\n`);
      return ExitCode.OK;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const headline = `${file}: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}`;
      if (values.json) {
        const problems = err.problems.map((p) => ({ path: p.path, value: p.value ?? null, message: p.message, text: formatProblem(p) }));
        io.out(jsonError({ code: 'ConfigInvalid', exitCode: ExitCode.CONFIG, message: headline, problems }));
        return ExitCode.CONFIG;
      }
      io.err(`${headline}\n`);
      for (const problem of err.problems) io.err(`  - ${formatProblem(problem)}\n`);
      return ExitCode.CONFIG;
    }
  },
});
