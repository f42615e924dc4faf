import { resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigError, DEFAULT_CONFIG_FILE, formatProblem, loadConfig, regionsBeyondTooling } from '../../config';
import type { Command, CommandIo } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs } from '../lib/args';
import { createS3Client, createSageMakerClient } from '../lib/aws/sagemaker-clients';
import { classifySdkFailure } from '../lib/aws/sdk-failure';
import { randomSuffix } from '../lib/training/job-name';
import type { TrainingDeps } from '../lib/training/run-training';
import { ModelKeyMismatchError, runTraining, TrainingSetupError } from '../lib/training/run-training';
import { readTrainingTarget, StepEnvironmentError, TRAINING_VARIABLES } from '../lib/training/step-environment';
import { writeTrainingJunit } from '../lib/training/training-junit';
import { DEFAULT_REPORT_PATH, writeTrainingReport } from '../lib/training/training-report';

const HELP = `usage: mlpipe train [--config FILE] [--report FILE] [--region REGION]

Trains the models of this commit's catalogue (models: in the config, or the training: block as the
one model "default") on SageMaker, managed spot by default, unless they exist already. Each model's
S3 key is content-addressed: a hash of the training image, its hyperparameters, instance settings
and input channels with their data versions. A model whose key exists is skipped. The others train
concurrently, at most training.maxConcurrentJobs at once, each in its own job with its own
checkpoints: the command prints each job's progress (status transitions, spot interruptions,
elapsed time) prefixed with the model's name, gates each model on its metric, copies it to its key
with its provenance as metadata, and writes a JSON report listing every model as trained, skipped
(with the job that made it) or failed, with training time, billable time and spot savings.
When stages deploy to regions other than the tooling region, it then makes sure each model is at the
same key in each of those regions' models buckets (SageMaker reads a model only in its own region):
it copies it from the home bucket where it is missing, with the regional bucket's KMS key and the
model's metadata, and says per region whether it copied it or found it there.
A model that fails does not stop the others: they run to their end and are published; the
command then exits with the failed model's code and names it.

flags:
  --config FILE   the pipeline config (default: MLPIPE_CONFIG or ${DEFAULT_CONFIG_FILE})
  --report FILE   where to write the JSON report (default: ${DEFAULT_REPORT_PATH}); its JUnit
                  form, one test case per model, goes next to it as training.junit.xml
  --region NAME   the tooling region (default: AWS_REGION, the profile's region, else tooling.region)
  -h, --help      show this help

environment (set by the pipeline from the Train stage's outputs):
${Object.entries(TRAINING_VARIABLES).map(([name, text]) => `  ${name.padEnd(27)} ${text}`).join('\n')}
  MODELS_BUCKET_<REGION>      per region a stage deploys to besides tooling.region (e.g.
                              MODELS_BUCKET_EU_CENTRAL_1): that region's models bucket (output
                              ModelsBucketName of <prefix>-model-store-<region>)
  MODEL_KMS_KEY_ARN_<REGION>  its KMS key ARN (output ModelKeyArn of <prefix>-model-store-<region>)
  EXPECTED_MODEL_KEYS         the keys synth computed, a JSON object of model name to key (output
                              ModelKeys); the command fails when it computes others
  EXPECTED_MODEL_KEY          without EXPECTED_MODEL_KEYS: the first model's key synth computed
  CODEBUILD_RESOLVED_SOURCE_VERSION  the commit, recorded on the model (or MLPIPE_COMMIT)
  AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SAGEMAKER, AWS_ENDPOINT_URL_S3

exit codes:
  0   every model exists (skipped) or was trained and published
  1   the config cannot make a training job, a model key the step computes differs from the
      Train stage's (re-run the pipeline), or a model's run ended with an unexpected error
  2   bad command line
  3   bad config
  16-21  AWS failures (throttled, credentials, access denied, region, endpoint, other)
  30  a step variable is missing or malformed
  31  a model's training job failed (its FailureReason is printed)
  32  a model's training job was stopped (e.g. MaxWaitTimeExceeded: no spot capacity in time)
  33  a model's validation metric missed its metric.threshold; that model was not published
  36  a model is in the home bucket but a regional copy failed (the output names the region
      and bucket); fix the cause and run again: training is skipped, the copy retried
  37  several models failed in different ways (the report and the output name each and why)

examples:
  npx mlpipe train
  npx mlpipe train --config pipeline.yaml --report reports/training/report.json
  MODELS_BUCKET_EU_CENTRAL_1=mlops-models-111111111111-eu-central-1 \\
  MODEL_KMS_KEY_ARN_EU_CENTRAL_1=arn:aws:kms:eu-central-1:111111111111:key/<id> npx mlpipe train
`;

function fail(io: CommandIo, message: string, code: number): number {
  io.err(`mlpipe train: ${message}\n`);
  return code;
}

export const trainCommand: Command = withUsageErrors({
  name: 'train',
  summary: 'train the catalogue\'s models on managed spot unless they exist (pipeline step)',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { config: { type: 'string' }, report: { type: 'string' }, region: { type: 'string' } }, 0);
    const options = {
      config: values.config ?? io.env.MLPIPE_CONFIG ?? DEFAULT_CONFIG_FILE,
      report: values.report ?? DEFAULT_REPORT_PATH,
      region: values.region,
    };
    try {
      const config = loadConfig(resolve(io.cwd, options.config));
      const target = readTrainingTarget(io.env, regionsBeyondTooling(config));
      // the flag, else the SDK's chain (AWS_REGION, the profile), else the config's tooling region
      const region = options.region ?? (io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION ? undefined : config.tooling.region);
      const regionalS3 = new Map<string, S3Client>();
      const deps: TrainingDeps = {
        sagemaker: createSageMakerClient({ region }),
        s3: createS3Client({ region }),
        s3In: (other) => {
          const client = regionalS3.get(other) ?? createS3Client({ region: other });
          regionalS3.set(other, client);
          return client;
        },
        sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
        now: () => Date.now(),
        random: randomSuffix,
        log: (line) => io.out(`${line}\n`),
        writeReport: async (report) => {
          const path = resolve(io.cwd, options.report);
          await writeTrainingReport(path, report);
          await writeTrainingJunit(path, report);
        },
      };
      return await runTraining(config, target, deps);
    } catch (err) {
      if (err instanceof ConfigError) return fail(io, `${err.file}: ${err.problems.map(formatProblem).join('; ')}`, ExitCode.CONFIG);
      if (err instanceof StepEnvironmentError) return fail(io, err.message, ExitCode.STEP_ENVIRONMENT);
      if (err instanceof ModelKeyMismatchError || err instanceof TrainingSetupError) return fail(io, err.message, ExitCode.FAILED);
      const failure = classifySdkFailure(err, 'SageMaker');
      if (failure) return fail(io, failure.message, failure.exitCode);
      throw err;
    }
  },
});
