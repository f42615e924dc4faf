import { join } from 'node:path';
import { programBundle, REPO_ROOT } from './program-bundle';

/** the CLI bundle's folder (its inputs.json lists the files it was built from). */
export const CLI_BUNDLE_DIR = join(REPO_ROOT, '.cache', 'mlpipe-cli');

/**
 * `bin/mlpipe.cjs` as one bundle (program-bundle.ts), for the tests that start `mlpipe` as a
 * process: the loopback tests start sixty of them. It is the same program, from the same entry
 * point (its EPIPE handling and exit codes), with `require('tsx/cjs')` left out because nothing
 * TypeScript is left to load. Its folder is two levels under the repository root, as cli/commands/
 * is: the one module of the CLI that finds the repository through `__dirname`
 * (cli/commands/local.ts) finds it from the bundle too. test/cli/process-behaviour.test.ts and
 * test/cli/validate.test.ts still start bin/mlpipe.cjs itself, through tsx, as a user does.
 */
export function cliBundle(): string {
  return programBundle({ entry: join(REPO_ROOT, 'bin', 'mlpipe.cjs'), dir: CLI_BUNDLE_DIR, withoutLine: "require('tsx/cjs');" });
}
