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
import { KeyExistsError } from '../lib/training/create-only-copy';
import { ModelProvenanceError } from '../lib/training/model-provenance';
import type { TrainingDeps } from '../lib/training/run-training';
import { ModelKeyMismatchError, runTraining, TrainingSetupError } from '../lib/training/run-training';
import { readTrainingTarget, StepEnvironmentError, TRAINING_VARIABLES } from '../lib/training/step-environment';
import { DEFAULT_REPORT_PATH, writeTrainingReport } from '../lib/training/training-report';

const HELP = `usage: mlpipe train [--config FILE] [--report FILE] [--region REGION]

Trains the model of this commit on SageMaker (managed spot by default) unless it exists already
(a model found at its key is reused only when its provenance metadata, writer and key are ours).
The model's S3 key is content-addressed: a hash of the training image, hyperparameters, instance
settings and input channels with their data versions. When the key exists, nothing is trained.
Otherwise the command starts a training job, prints its progress (status transitions, spot
interruptions, elapsed time), gates the model on training.metric, copies it to its key with its
provenance as metadata (a create-only write: If-None-Match: *) and writes a JSON report with training time, billable time and spot savings.
When stages deploy to regions other than the tooling region, it then makes sure the model is at the
same key in each of those regions' models buckets (SageMaker reads a model only in its own region):
it copies it from the home bucket where it is missing, with the regional bucket's KMS key and the
model's metadata, and says per region whether it copied it or found it there.

flags:
  --config FILE   the pipeline config (default: MLPIPE_CONFIG or ${DEFAULT_CONFIG_FILE})
  --report FILE   where to write the JSON report (default: ${DEFAULT_REPORT_PATH})
  --region NAME   the tooling region (default: AWS_REGION, the profile's region, else tooling.region)
  -h, --help      show this help

environment (set by the pipeline from the Train stage's outputs):
${Object.entries(TRAINING_VARIABLES).map(([name, text]) => `  ${name.padEnd(27)} ${text}`).join('\n')}
  MODELS_BUCKET_<REGION>      per region a stage deploys to besides tooling.region (e.g.
                              MODELS_BUCKET_EU_CENTRAL_1): that region's models bucket (output
                              ModelsBucketName of <prefix>-model-store-<region>)
  MODEL_KMS_KEY_ARN_<REGION>  its KMS key ARN (output ModelKeyArn of <prefix>-model-store-<region>)
  EXPECTED_MODEL_KEY          the key synth computed; the command fails when it computes another
  CODEBUILD_RESOLVED_SOURCE_VERSION  the commit, recorded on the model (or MLPIPE_COMMIT)
  AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SAGEMAKER, AWS_ENDPOINT_URL_S3

exit codes:
  0   the model exists (skipped) or was trained and published
  1   the config cannot make a training job, or the model key the step computes differs
      from the Train stage's (re-run the pipeline)
  2   bad command line
  3   bad config
  16-21  AWS failures (throttled, credentials, access denied, region, endpoint, other)
  30  a step variable is missing or malformed
  31  the training job failed (its FailureReason is printed)
  32  the training job was stopped (e.g. MaxWaitTimeExceeded: no spot capacity in time)
  33  the validation metric missed training.metric.threshold; the model was not published
  36  the model is in the home bucket but a regional copy failed (the output names the region
      and bucket); fix the cause and run again: training is skipped, the copy retried
  37  the model key holds an object this pipeline did not publish (no or foreign provenance
      metadata, another writer, another KMS key): it is neither reused nor replaced

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
  summary: 'train the commit\'s model on managed spot unless it exists (pipeline step)',
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
        writeReport: (report) => writeTrainingReport(resolve(io.cwd, options.report), report),
      };
      return await runTraining(config, target, deps);
    } catch (err) {
      if (err instanceof ConfigError) return fail(io, `${err.file}: ${err.problems.map(formatProblem).join('; ')}`, ExitCode.CONFIG);
      if (err instanceof StepEnvironmentError) return fail(io, err.message, ExitCode.STEP_ENVIRONMENT);
      if (err instanceof ModelKeyMismatchError || err instanceof TrainingSetupError) return fail(io, err.message, ExitCode.FAILED);
      if (err instanceof ModelProvenanceError || err instanceof KeyExistsError) return fail(io, err.message, ExitCode.MODEL_PROVENANCE_REJECTED);
      const failure = classifySdkFailure(err, 'SageMaker');
      if (failure) return fail(io, failure.message, failure.exitCode);
      throw err;
    }
  },
});
