import * as path from 'node:path';
import { ConfigError, DEFAULT_CONFIG_FILE, formatProblem, loadConfig } from '../../config';
import type { Command } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { runLocalMode, WorkDirError } from '../lib/local/local-mode';
import { parseLocalArgs } from '../lib/local/local-options';
import { formatSummary } from '../lib/local/step-results';

const HELP = `usage: mlpipe local [--docker] [--skip-synth] [--work-dir DIR] [--keep] [--epochs 30] [--rows 30000]
                    [--checkpoint-every 3] [--load-seconds 5] [--connections 32]

The whole delivery path on this machine, with no AWS account and no Docker:
  1. writes the sample inputs under an /opt/ml stand-in (train: iris-like rows fitted to real iris;
     validation: held-out real iris rows)
  2. trains the sample model as the training container would (SageMaker training contract)
  3. spot-interruption drill: SIGTERM after the first checkpoint, restart, check the run resumed
     from that checkpoint and that the final model equals the uninterrupted run's
  4. packages model.tar.gz and unpacks it as SageMaker does into /opt/ml/model
  5. starts the serving program on it and smoke-tests /ping and /invocations (CSV and JSON)
  6. load-tests it (autocannon; requests per second, p50, p99)
  7. stops it with SIGTERM and checks it drains and exits 0
  8. trains every model of the catalogue (models: in pipeline.yaml) with its own hyperparameters
     on the sample data and gates each on its metric
  9. serves the whole catalogue from one multi-model server (the container's /models routes):
     loads every model by name, then invokes each by name with its smoke cases
     (test-data/smoke/*.json and test-data/smoke/<model>/)
 10. synthesizes every stack with the nag packs (npx cdk synth --quiet --strict)
 11. writes the compliance report (mlpipe report cdk.out) and the model lineage beside it
 12. prints the CreateModelPackage request the Train step would send for each model (its key and
     serving image from the synthesized Train stage, its metric from step 8); nothing is sent
then prints a summary table. Progress is printed as it runs.

flags:
  --docker               build the real images and run them under Docker (needs a running daemon)
  --skip-synth           skip steps 10, 11 and 12
  --work-dir DIR         put the /opt/ml stand-ins in DIR (new or empty) and keep them
  --keep                 keep the temporary work folder
  --epochs N             training epochs (default 30)
  --rows N               generated training rows, at least 5000 so training outlasts the drill's
                         interruption (default 30000)
  --checkpoint-every N   epochs between checkpoints (default 3)
  --load-seconds N       load-test duration (default 5)
  --connections N        load-test connections (default 32)
  -h, --help             show this help

exit codes:
  0  every step passed (or was skipped on request)
  1  a step failed (the summary says which and why)
  2  bad command line or unusable --work-dir
  3  pipeline.yaml is invalid (the catalogue comes from it)

examples:
  npm run local
  npx mlpipe local --skip-synth --load-seconds 2
  npx mlpipe local --docker --keep
`;

/** \`mlpipe local\`: the whole path from training to a served, load-tested model, on this machine. */
export const localCommand: Command = withUsageErrors({
  name: 'local',
  summary: 'train, drill, package, serve, load-test and synthesize locally, with no AWS and no Docker',
  help: HELP,
  async run(args, io) {
    const options = parseLocalArgs(args);
    const repoRoot = path.resolve(__dirname, '..', '..');
    try {
      const config = loadConfig(path.join(repoRoot, DEFAULT_CONFIG_FILE));
      const catalogue = { models: config.models, maxConcurrentJobs: config.training.maxConcurrentJobs, config };
      const results = await runLocalMode({ repoRoot, env: io.env, options, out: io.out, catalogue });
      io.out(`\n${formatSummary(results)}`);
      return results.some((r) => r.status === 'failed') ? ExitCode.FAILED : ExitCode.OK;
    } catch (error) {
      if (error instanceof ConfigError) {
        io.err(`mlpipe local: ${error.file}: ${error.problems.map(formatProblem).join('; ')}\n`);
        return ExitCode.CONFIG;
      }
      if (!(error instanceof WorkDirError)) throw error;
      io.err(`mlpipe local: ${error.message}\n`);
      return ExitCode.USAGE;
    }
  },
});
