import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG_FILE, formatProblem, loadConfig } from '../../config';
import type { Command, CommandIo } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs, UsageError } from '../lib/args';
import { createSageMakerRuntimeClient } from '../lib/aws/sagemaker-clients';
import type { FailureScope } from '../lib/aws/sdk-failure';
import { classifySdkFailure } from '../lib/aws/sdk-failure';
import { endpointStateFailure } from '../lib/smoke/endpoint-state-failure';
import { DEFAULT_SMOKE_REPORT_PATH, runSmokeTest, SMOKE_GATES } from '../lib/smoke/run-smoke-test';
import type { SmokeGate } from '../lib/smoke/run-smoke-test';
import type { SmokeTarget } from '../lib/smoke/run-smoke-test';
import { readModelCases, SmokeCaseError } from '../lib/smoke/smoke-case';

const HELP = `usage: mlpipe smoke-test --stage NAME [--endpoint NAME] [--gate samples|latency|all] [options]

The post-deploy gates of a stage: invokes the endpoint with every sample case of every model it
serves and checks the predicted labels, then sends smokeTest.latencyRequests requests per model
and fails when any errs or a model's p99 round-trip latency exceeds smokeTest.p99LatencyMs; it
prints each model's p99 and the slowest. A model's cases are the shared ones (*.json in the
stage's smokeTest.samplesDir) and its own (*.json in <samplesDir>/<model>/). On a multi-model
endpoint each model is invoked with its TargetModel, from the stage's name -> TargetModel map.

flags:
  --gate GATE       samples, latency, or all (default: SMOKE_GATE or all)
  --stage NAME      the stage whose smokeTest settings apply (default: STAGE_NAME)
  --endpoint NAME   the endpoint (default: ENDPOINT_NAME, set from the endpoint stack's output)
  --config FILE     the pipeline config (default: MLPIPE_CONFIG or ${DEFAULT_CONFIG_FILE})
  --samples DIR     the sample cases (default: the stage's smokeTest.samplesDir)
  --requests N      requests of the latency check (default: smokeTest.latencyRequests)
  --p99-ms N        the p99 latency gate in ms (default: smokeTest.p99LatencyMs)
  --region NAME     the endpoint's region (default: AWS_REGION, the profile's, or the stage's only region)
  --report FILE     where to write the JSON report (default: ${DEFAULT_SMOKE_REPORT_PATH})
  --target-models JSON  multi-model endpoints: the model name -> TargetModel map (default:
                    TARGET_MODELS, set from the endpoint stack's TargetModels output)
  -h, --help        show this help

The endpoint lives in the stage account: run with credentials of a role there (the pipeline sets
AWS_PROFILE to a profile that assumes <prefix>-<stage>-smoke-test-<region>). AWS_ENDPOINT_URL and
AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME point the command at another endpoint (e.g. a local server).

exit codes:
  0   every sample answered as expected and the p99 is within the gate
  2   bad command line
  3   bad config, or the stage is not in it
  16-21  AWS failures (throttled, credentials, access denied, region, endpoint unreachable,
         other: e.g. the endpoint does not exist or is not InService)
  23  an answer that is not SageMaker's (a proxy's page): status, operation and URL are printed
  34  a sample answered something unexpected or the model answered an error (ModelError),
      or a sample case file is unusable
  35  the p99 latency exceeded the stage's threshold

examples:
  ENDPOINT_NAME=mlops-staging npx mlpipe smoke-test --stage Staging
  npx mlpipe smoke-test --stage Prod --endpoint mlops-prod --requests 500 --p99-ms 300
`;

function fail(io: CommandIo, message: string, code: number): number {
  io.err(`mlpipe smoke-test: ${message}\n`);
  return code;
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be a positive whole number, got '${value}'`);
  return Number(value);
}

/** the name -> TargetModel map of a multi-model stage; every served model must be in it. */
function readTargetModels(text: string | undefined, models: readonly string[]): Record<string, string> {
  const example = '--target-models \'{"iris-softmax":"<identity>/model.tar.gz"}\' (the endpoint stack\'s TargetModels output, or `mlpipe models --stage <stage>`)';
  if (!text) throw new UsageError(`the stage's endpoint is multi-model: pass its name -> TargetModel map with ${example}, or set TARGET_MODELS`);
  let map: unknown;
  try {
    map = JSON.parse(text);
  } catch {
    map = undefined;
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw new UsageError(`the TargetModel map is not a JSON object of model name to TargetModel; pass ${example}`);
  const missing = models.filter((m) => typeof (map as Record<string, unknown>)[m] !== 'string');
  if (missing.length > 0) throw new UsageError(`the TargetModel map has no TargetModel for ${missing.join(', ')}, which the stage serves; pass the map of this commit's stage (${example})`);
  return map as Record<string, string>;
}

export const smokeTestCommand: Command = withUsageErrors({
  name: 'smoke-test',
  summary: 'invoke a stage\'s endpoint with sample payloads and gate on p99 latency (pipeline step)',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      {
        gate: { type: 'string' },
        stage: { type: 'string' },
        endpoint: { type: 'string' },
        config: { type: 'string' },
        samples: { type: 'string' },
        requests: { type: 'string' },
        'p99-ms': { type: 'string' },
        region: { type: 'string' },
        report: { type: 'string' },
        'target-models': { type: 'string' },
      },
      0,
    );
    const stage = values.stage ?? io.env.STAGE_NAME;
    if (!stage) throw new UsageError('--stage is required (or set STAGE_NAME), e.g. --stage Staging');
    const endpoint = values.endpoint ?? io.env.ENDPOINT_NAME;
    if (!endpoint) throw new UsageError('--endpoint is required (or set ENDPOINT_NAME from the endpoint stack\'s output), e.g. --endpoint mlops-staging');
    const gate = values.gate ?? io.env.SMOKE_GATE ?? 'all';
    if (!(SMOKE_GATES as readonly string[]).includes(gate)) throw new UsageError(`--gate must be one of ${SMOKE_GATES.join(', ')}, got '${gate}'`);
    const flags = { ...values, gate: gate as SmokeGate, stage, endpoint, requests: positiveInt('--requests', values.requests), p99: positiveInt('--p99-ms', values['p99-ms']) };
    let scope: FailureScope = { service: 'SageMaker Runtime', role: 'the stage\'s smoke-test role' };
    try {
      const config = loadConfig(resolve(io.cwd, flags.config ?? io.env.MLPIPE_CONFIG ?? DEFAULT_CONFIG_FILE));
      const stage = config.stages.find((s) => s.name === flags.stage);
      if (!stage) return fail(io, `stage '${flags.stage}' is not in the config (stages: ${config.stages.map((s) => s.name).join(', ')}); pass one of those`, ExitCode.CONFIG);
      const settings = stage.smokeTest;
      const samplesDir = resolve(io.cwd, flags.samples ?? settings.samplesDir);
      const targetModels = stage.endpoint.kind === 'multiModel' ? readTargetModels(flags['target-models'] ?? io.env.TARGET_MODELS, stage.models) : undefined;
      const targets: SmokeTarget[] = [];
      for (const model of stage.models) targets.push({ model, targetModel: targetModels?.[model], cases: await readModelCases(samplesDir, model) });
      const sdkRegion = io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION;
      const region = flags.region ?? (sdkRegion ? undefined : stage.regions.length === 1 ? stage.regions[0] : undefined);
      const roleRegion = region ?? sdkRegion ?? '<region>';
      scope = { service: 'SageMaker Runtime', settings: { [flags.endpoint]: values.endpoint ? '--endpoint' : 'ENDPOINT_NAME' }, role: `the stage's smoke-test role (${config.project.prefix}-${stage.name.toLowerCase()}-smoke-test-${roleRegion})` };
      const reportPath = resolve(io.cwd, flags.report ?? DEFAULT_SMOKE_REPORT_PATH);
      return await runSmokeTest(
        {
          endpointName: flags.endpoint,
          targets,
          latencyRequests: flags.requests ?? settings.latencyRequests,
          concurrency: settings.concurrency,
          p99LatencyMs: flags.p99 ?? settings.p99LatencyMs,
          gate: flags.gate,
        },
        {
          runtime: createSageMakerRuntimeClient({ region, env: io.env }),
          now: () => performance.now(),
          log: (line) => io.out(`${line}\n`),
          writeReport: async (report) => {
            await mkdir(dirname(reportPath), { recursive: true });
            await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
          },
        },
      );
    } catch (err) {
      if (err instanceof ConfigError) return fail(io, `${err.file}: ${err.problems.map(formatProblem).join('; ')}`, ExitCode.CONFIG);
      if (err instanceof SmokeCaseError) return fail(io, err.message, ExitCode.SMOKE_TEST_FAILED);
      const failure = endpointStateFailure(err, flags.endpoint) ?? classifySdkFailure(err, scope);
      if (failure) return fail(io, failure.message, failure.exitCode);
      throw err;
    }
  },
});
