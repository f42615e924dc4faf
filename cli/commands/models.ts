import { resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG_FILE, formatProblem, loadConfig } from '../../config';
import { catalogueEntries, imageFingerprintFromUri } from '../../config/model-definition';
import type { Command, CommandIo } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs, UsageError } from '../lib/args';
import { formatCatalogue, stageModels } from '../lib/catalogue/catalogue-view';
import { trainingImageFingerprint } from '../lib/catalogue/training-image-fingerprint';

const HELP = `usage: mlpipe models [--config FILE] [--stage NAME] [--image-uri URI] [--json]

Lists the model catalogue (models: in the config, or the training: block as the one model
"default"): each model's content-addressed key, the TargetModel a multi-model endpoint serves it
by, and the stages whose endpoints serve it. The keys are the ones synth computes: from the
training image's asset hash (computed from containers/ as synth does, or taken from --image-uri).

With --stage, prints what that stage's endpoint serves as JSON: for a multi-model endpoint the
model name -> TargetModel map its stack publishes (output TargetModels and the SSM parameter
/<endpoint>/target-models), for an instance or serverless endpoint its one model and key.
Clients never need the hashes: they read the map and invoke with TargetModel set to a value of it.

flags:
  --config FILE     the pipeline config (default: MLPIPE_CONFIG or ${DEFAULT_CONFIG_FILE})
  --stage NAME      print what this stage's endpoint serves, as JSON
  --image-uri URI   the training image URI (its tag is the asset hash), e.g. the Train stage's
                    TrainingImageUri output (default: TRAINING_IMAGE_URI, else computed)
  --json            print the whole catalogue as JSON
  -h, --help        show this help

exit codes:
  0   printed
  2   bad command line
  3   bad config, or the stage is not in it

examples:
  npx mlpipe models
  npx mlpipe models --stage Prod
  aws sagemaker-runtime invoke-endpoint --endpoint-name mlops-prod \\
    --target-model "$(npx mlpipe models --stage Prod | jq -r '.targetModels["iris-softmax"]')" \\
    --content-type text/csv --body fileb://row.csv out.csv
`;

function fail(io: CommandIo, message: string, code: number): number {
  io.err(`mlpipe models: ${message}\n`);
  return code;
}

export const modelsCommand: Command = withUsageErrors({
  name: 'models',
  summary: 'list the model catalogue: keys, TargetModels and the stages serving each',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { config: { type: 'string' }, stage: { type: 'string' }, 'image-uri': { type: 'string' }, json: { type: 'boolean', default: false } }, 0);
    const imageUri = values['image-uri'] ?? io.env.TRAINING_IMAGE_URI;
    let fingerprint: string;
    try {
      fingerprint = imageUri ? imageFingerprintFromUri(imageUri) : trainingImageFingerprint();
    } catch (err) {
      throw new UsageError((err as Error).message.replace('pass the image URI the Train stage outputs (TRAINING_IMAGE_URI)', 'pass the Train stage\'s TrainingImageUri output to --image-uri'));
    }
    try {
      const config = loadConfig(resolve(io.cwd, values.config ?? io.env.MLPIPE_CONFIG ?? DEFAULT_CONFIG_FILE));
      const entries = catalogueEntries(config, fingerprint);
      if (values.stage !== undefined) {
        const stage = config.stages.find((s) => s.name === values.stage);
        if (!stage) return fail(io, `stage '${values.stage}' is not in the config (stages: ${config.stages.map((s) => s.name).join(', ')}); pass one of those`, ExitCode.CONFIG);
        io.out(`${JSON.stringify(stageModels(config, stage, entries), null, 2)}\n`);
        return ExitCode.OK;
      }
      if (values.json) {
        io.out(`${JSON.stringify({ imageFingerprint: fingerprint, models: entries, stages: config.stages.map((s) => stageModels(config, s, entries)) }, null, 2)}\n`);
        return ExitCode.OK;
      }
      io.out(`${formatCatalogue(config, entries).join('\n')}\n`);
      return ExitCode.OK;
    } catch (err) {
      if (err instanceof ConfigError) return fail(io, `${err.file}: ${err.problems.map(formatProblem).join('; ')}`, ExitCode.CONFIG);
      throw err;
    }
  },
});
