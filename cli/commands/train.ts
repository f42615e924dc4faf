import { resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigError, DEFAULT_CONFIG_FILE, DEFAULT_MODEL_NAME, formatProblem, loadConfig, regionsBeyondTooling } from '../../config';
import type { Command, CommandIo } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs, UsageError } from '../lib/args';
import { createS3Client, createSageMakerClient } from '../lib/aws/sagemaker-clients';
import { classifySdkFailure } from '../lib/aws/sdk-failure';
import { jsonDocument, jsonError } from '../lib/json-output';
import { planTraining } from '../lib/training/dry-run';
import { abortableSleep, DEFAULT_STOP_WAIT_SECONDS, MAX_STOP_WAIT_SECONDS } from '../lib/training/stop-jobs';
import { KeyExistsError } from '../lib/training/create-only-copy';
import { ModelProvenanceError } from '../lib/training/model-provenance';
import type { TrainingDeps } from '../lib/training/run-training';
import { ModelKeyMismatchError, runTraining, TrainingSetupError } from '../lib/training/run-training';
import { readTrainingTarget, StepEnvironmentError, TRAINING_VARIABLES } from '../lib/training/step-environment';
import { writeTrainingJunit } from '../lib/training/training-junit';
import { anyStageMonitored } from '../../config/monitored-models';
import { trainStepBaseline } from '../lib/monitoring/train-step-baseline';
import { SERVING_IMAGE_VARIABLE, trainStepRegistry, writeModelVersions } from '../lib/registry/train-step-registry';
import type { ModelTrainingReport, TrainingReport } from '../lib/training/training-report';
import { DEFAULT_REPORT_PATH, isFailure, modelErrorOf, writeTrainingReport } from '../lib/training/training-report';

const HELP = `usage: mlpipe train [--config FILE] [--report FILE] [--region REGION] [--stop-wait SECONDS]
                   [--dry-run] [--json]

Trains the models of this commit's catalogue (models: in the config, or the training: block as the
one model "default") on SageMaker, managed spot by default, unless they exist already. Each model's
S3 key is content-addressed: a hash of the training image, its hyperparameters, instance settings
and input channels with their data versions. A model whose key exists is skipped. The others train
concurrently, at most training.maxConcurrentJobs at once, each in its own job with its model
key's checkpoints: the command prints each job's progress (status transitions, spot interruptions,
elapsed time) prefixed with the model's name, gates each model on its metric, copies it to its key
with its provenance as metadata (a create-only write: If-None-Match: *; a model found at its key
is reused only when its provenance metadata, writer and KMS key are ours), and writes a JSON
report listing every model as trained, skipped (with the job that made it) or failed, with
training, billable and wall time, spot savings and interruptions.
When stages deploy to regions other than the tooling region, it then makes sure each model is at the
same key in each of those regions' models buckets (SageMaker reads a model only in its own region):
it copies it from the home bucket where it is missing, with the regional bucket's KMS key and the
model's metadata, and says per region whether it copied it or found it there.
When a stage monitors its endpoint (endpoint.monitoring), each model it serves then gets its
data-quality baseline beside it (models/<identity>/baseline/statistics.json, constraints.json):
reused when it exists (a skipped training), else made by a Model Monitor baseline job on the
model's train channel and published create-only; then copied to the monitored stages' regional
models buckets (docs/monitoring.md).
A model that fails does not stop the others: they run to their end and are published; the
command then exits with the failed model's code and names it.
Training never pays twice (docs/training-recovery.md): each job is named
<prefix>-<identity>-<attempt> and tagged mlpipe:model-key; a job already in progress for the key
(found by SageMaker Search on that tag, or by CreateTrainingJob answering ResourceInUse when two
runs race) is attached to and awaited instead of starting a second; every attempt of a key
checkpoints to s3://<models bucket>/checkpoints/<identity>/, so the next attempt after a failed or
stopped one resumes from its checkpoints. On SIGTERM (CodeBuild stop or timeout) or SIGINT the
command sends StopTrainingJob for each job it started, waits for them to stop (--stop-wait),
reports each model and exits 39.

flags:
  --config FILE   the pipeline config (default: MLPIPE_CONFIG or ${DEFAULT_CONFIG_FILE})
  --report FILE   where to write the JSON report (default: ${DEFAULT_REPORT_PATH}); its JUnit
                  form, one test case per model, goes next to it as training.junit.xml
  --region NAME   the tooling region (default: AWS_REGION, the profile's region, else tooling.region)
  --stop-wait SECONDS  when stopped, how long to wait for the stopped jobs to reach Stopped
                  (default: ${DEFAULT_STOP_WAIT_SECONDS}, at most ${MAX_STOP_WAIT_SECONDS}); StopTrainingJob is sent
                  first
  --dry-run       print each model's key and the CreateTrainingJob request the step would send, and
                  stop: no AWS call (so it does not check whether the model exists)
  --json          print one JSON document: the report (or with --dry-run the plan), or on failure
                  {error: {code, exitCode, message, service}}; progress lines go to stderr
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
  SERVING_IMAGE_URI           the serving image (output ServingImageUri): each published model is
                              registered as a version of its model package group with it, and
                              the versions are written to model-versions.txt next to the report
  AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SAGEMAKER, AWS_ENDPOINT_URL_S3

exit codes:
  0   every model exists (skipped) or was trained and published
  1   the config cannot make a training job, a model key the step computes differs from the
      Train stage's (re-run the pipeline), or a model's run ended with an unexpected error
  2   bad command line
  3   bad config
  16-21  AWS failures (throttled, credentials, access denied, region, endpoint, other)
  23  an answer that is not the AWS service's (a proxy's page): status, operation and URL are printed
  30  a step variable is missing or malformed
  31  a model's training job failed (its FailureReason is printed)
  32  a model's training job was stopped (e.g. MaxWaitTimeExceeded: no spot capacity in time)
  33  a model's validation metric missed its metric.threshold; that model was not published
  36  a model is in the home bucket but a regional copy failed (the output names the region
      and bucket); fix the cause and run again: training is skipped, the copy retried
  37  several models failed in different ways (the report and the output name each and why)
  38  the model key holds an object this pipeline did not publish (no or foreign provenance
      metadata, another writer, another KMS key): it is neither reused nor replaced
  39  the command was stopped (SIGTERM, SIGINT): it stopped the training jobs it had started and
      reported each model (jobs of other runs it attached to keep running)
  44  a model was published, but its data-quality baseline job failed (its reason is printed;
      its logs are in /aws/sagemaker/ProcessingJobs); run again: training is skipped, the
      baseline retried

examples:
  npx mlpipe train
  npx mlpipe train --config pipeline.yaml --report reports/training/report.json
  npx mlpipe train --dry-run --json | jq '.[].request.HyperParameters'
  MODELS_BUCKET_EU_CENTRAL_1=mlops-models-111111111111-eu-central-1 \\
  MODEL_KMS_KEY_ARN_EU_CENTRAL_1=arn:aws:kms:eu-central-1:111111111111:key/<id> npx mlpipe train
`;

/** the signals that stop the step: CodeBuild's stop or timeout, and Ctrl-C. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** --stop-wait: whole seconds from 0 to MAX_STOP_WAIT_SECONDS. */
function stopWaitOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_STOP_WAIT_SECONDS;
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds > MAX_STOP_WAIT_SECONDS) throw new UsageError(`--stop-wait ${text} is not a whole number of seconds from 0 to ${MAX_STOP_WAIT_SECONDS}, e.g. --stop-wait 90`);
  return seconds;
}

/** who the train command's AWS calls run as, for access-denied advice. */
const TRAIN_SCOPE = { service: 'SageMaker', role: 'the TrainModel role (the role the pipeline\'s Train step runs as)' };

/** prints a failure: one line on stderr, or under --json one error object on stdout. */
/** which variable named each bucket the step uses: MODELS_BUCKET, TRAINING_DATA_BUCKET, MODELS_BUCKET_<REGION>. */
function bucketSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = Object.keys(env).filter((name) => /^(MODELS_BUCKET(_[A-Z0-9_]+)?|TRAINING_DATA_BUCKET)$/.test(name));
  return Object.fromEntries(names.filter((name) => env[name]).map((name) => [env[name] as string, name]));
}

function failWith(io: CommandIo, json: boolean) {
  return (message: string, exitCode: number, code: string, service?: string): number => {
    if (json) io.out(jsonError({ code, exitCode, message: `mlpipe train: ${message}`, service }));
    else io.err(`mlpipe train: ${message}\n`);
    return exitCode;
  };
}

export const trainCommand: Command = withUsageErrors({
  name: 'train',
  summary: 'train the catalogue\'s models on managed spot unless they exist (pipeline step)',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      { config: { type: 'string' }, report: { type: 'string' }, region: { type: 'string' }, 'stop-wait': { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
      0,
    );
    const json = Boolean(values.json);
    const fail = failWith(io, json);
    const options = {
      config: values.config ?? io.env.MLPIPE_CONFIG ?? DEFAULT_CONFIG_FILE,
      report: values.report ?? DEFAULT_REPORT_PATH,
      region: values.region,
      stopWaitSeconds: stopWaitOf(values['stop-wait']),
    };
    try {
      const config = loadConfig(resolve(io.cwd, options.config));
      const target = readTrainingTarget(io.env, regionsBeyondTooling(config));
      if (values['dry-run']) {
        const plans = planTraining(config, target);
        if (json) io.out(jsonDocument(plans));
        for (const plan of json ? [] : plans) {
          io.out(`would train model ${plan.model} (${plan.modelUri}, unless it exists) with job ${plan.trainingJobName}; CreateTrainingJob request:\n${jsonDocument(plan.request)}`);
        }
        return ExitCode.OK;
      }
      // the flag, else the SDK's chain (AWS_REGION, the profile), else the config's tooling region
      const region = options.region ?? (io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION ? undefined : config.tooling.region);
      const regionalS3 = new Map<string, S3Client>();
      const sagemaker = createSageMakerClient({ region, env: io.env });
      const servingImageUri = io.env[SERVING_IMAGE_VARIABLE]?.trim();
      // CodeBuild stopping or timing out the build (SIGTERM), or Ctrl-C (SIGINT): stop our jobs
      const stop = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => {
        if (stop.signal.aborted) (json ? io.err : io.out)(`received ${signal} again: already stopping the training jobs\n`);
        else stop.abort(signal);
      };
      for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
      const baselineS3 = createS3Client({ region, env: io.env });
      const s3In = (other: string): S3Client => {
        const client = regionalS3.get(other) ?? createS3Client({ region: other, env: io.env });
        regionalS3.set(other, client);
        return client;
      };
      const deps: TrainingDeps = {
        sagemaker,
        s3: baselineS3,
        s3In,
        sleep: abortableSleep,
        now: () => Date.now(),
        stopSignal: stop.signal,
        stopWaitMs: options.stopWaitSeconds * 1000,
        log: (line) => (json ? io.err : io.out)(`${line}\n`),
        classify: (err) => classifySdkFailure(err, { ...TRAIN_SCOPE, settings: bucketSettings(io.env) }),
        writeReport: async (report) => {
          const path = resolve(io.cwd, options.report);
          await writeTrainingReport(path, report);
          await writeTrainingJunit(path, report);
          await writeModelVersions(path, report);
          written = report;
        },
        ensureBaseline: anyStageMonitored(config) ? trainStepBaseline({ config, target, sagemaker, s3: baselineS3, s3In, sleep: abortableSleep, now: () => Date.now() }) : undefined,
        registerVersion: servingImageUri ? trainStepRegistry({ config, sagemaker, modelsBucket: target.modelsBucket, servingImageUri, sleep: abortableSleep }) : undefined,
      };
      if (!servingImageUri) deps.log(`${SERVING_IMAGE_VARIABLE} is not set: the models are not registered in the model registry (the pipeline sets it from the Train stage's ServingImageUri output)`);
      let written: TrainingReport | undefined;
      const code = await runTraining(config, target, deps).finally(() => {
        for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
      });
      if (!written) return code;
      const failed = written.models.filter((m) => isFailure(m.outcome));
      if (failed.length === 0) {
        if (json) io.out(jsonDocument(written));
        return code;
      }
      // a model of the catalogue whose name the config gave is named; the one model of a config without models: is not
      const named = (m: ModelTrainingReport): string => `${m.model === DEFAULT_MODEL_NAME ? '' : `model ${m.model}: `}${m.failure ?? m.outcome}`;
      if (failed.length > 1) return fail(failed.map(named).join('; '), code, 'ModelsFailed');
      const [only] = failed;
      const error = modelErrorOf(only);
      return fail(named(only), code, error.code, error.service);
    } catch (err) {
      if (err instanceof ConfigError) return fail(`${err.file}: ${err.problems.map(formatProblem).join('; ')}`, ExitCode.CONFIG, 'ConfigInvalid');
      if (err instanceof StepEnvironmentError) return fail(err.message, ExitCode.STEP_ENVIRONMENT, 'StepEnvironment');
      if (err instanceof ModelKeyMismatchError || err instanceof TrainingSetupError) return fail(err.message, ExitCode.FAILED, err.name);
      const failure = classifySdkFailure(err, { ...TRAIN_SCOPE, settings: bucketSettings(io.env) });
      if (failure) return fail(failure.message, failure.exitCode, failure.code, failure.service);
      if (err instanceof ModelProvenanceError || err instanceof KeyExistsError) return fail(err.message, ExitCode.MODEL_PROVENANCE_REJECTED, 'ModelProvenanceRejected');
      throw err;
    }
  },
});
