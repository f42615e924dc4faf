import { resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG_FILE, formatProblem, loadConfig } from '../../config';
import type { Command, CommandIo } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs, UsageError } from '../lib/args';
import { createSageMakerClient } from '../lib/aws/sagemaker-clients';
import { classifySdkFailure } from '../lib/aws/sdk-failure';
import { jsonDocument, jsonError } from '../lib/json-output';
import { markVersions } from '../lib/registry/mark-versions';
import { MODEL_VERSIONS_VARIABLE, ModelVersionsError, parseModelVersions } from '../lib/registry/registered-version';

const HELP = `usage: mlpipe registry approve|reject [--versions LIST] [--execution ID] [--region REGION] [--json]

Marks the model package versions a pipeline execution carries Approved (the production approval
went through; the pipeline's step after the approval runs this) or Rejected, so the model
registry and the pipeline never disagree. A version already in that status is left alone, and a
rejection leaves a version Approved that production already serves. The versions are the Train
step's MODEL_VERSIONS variable: model=<version ARN>, comma-separated.

flags:
  --versions LIST  the versions (default: the MODEL_VERSIONS variable)
  --execution ID   the pipeline execution, recorded as the approval's description
                   (default: PIPELINE_EXECUTION_ID)
  --config FILE    the pipeline config, for the tooling region (default: MLPIPE_CONFIG or ${DEFAULT_CONFIG_FILE})
  --region NAME    the registry's region (default: AWS_REGION, else tooling.region)
  --json           print one JSON document: every version with its status before and after
  -h, --help       show this help

exit codes:
  0   every version is in the asked status
  2   bad command line
  3   bad config
  16-21, 23  AWS failures (throttled, credentials, access denied, region, endpoint, other)
  30  MODEL_VERSIONS is missing or is not a list of model=<version ARN>

examples:
  MODEL_VERSIONS=iris-softmax=arn:aws:sagemaker:eu-west-1:111111111111:model-package/mlops-iris-softmax/3 npx mlpipe registry approve
  npx mlpipe registry reject --versions "$(cat reports/training/model-versions.txt)"
`;

const SCOPE = { service: 'SageMaker', role: 'the role the registry step runs as' };

function failWith(io: CommandIo, json: boolean) {
  return (message: string, exitCode: number, code: string, service?: string): number => {
    if (json) io.out(jsonError({ code, exitCode, message: `mlpipe registry: ${message}`, service }));
    else io.err(`mlpipe registry: ${message}\n`);
    return exitCode;
  };
}

export const registryCommand: Command = withUsageErrors({
  name: 'registry',
  summary: 'mark the model versions of a promotion Approved or Rejected (pipeline step)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { versions: { type: 'string' }, execution: { type: 'string' }, config: { type: 'string' }, region: { type: 'string' }, json: { type: 'boolean', default: false } },
      1,
    );
    const action = positionals[0];
    if (action !== 'approve' && action !== 'reject') throw new UsageError(`expected approve or reject, got ${action === undefined ? 'nothing' : `'${action}'`}`);
    const json = Boolean(values.json);
    const fail = failWith(io, json);
    try {
      const text = values.versions ?? io.env[MODEL_VERSIONS_VARIABLE];
      if (text === undefined || text.trim() === '') return fail(`no versions: set ${MODEL_VERSIONS_VARIABLE} (the Train step's exported variable) or pass --versions model=<version ARN>,...`, ExitCode.STEP_ENVIRONMENT, 'StepEnvironment');
      const versions = parseModelVersions(text);
      const needsConfig = values.region === undefined && !io.env.AWS_REGION && !io.env.AWS_DEFAULT_REGION;
      const region = values.region ?? (needsConfig ? loadConfig(resolve(io.cwd, values.config ?? io.env.MLPIPE_CONFIG ?? DEFAULT_CONFIG_FILE)).tooling.region : undefined);
      const execution = values.execution ?? io.env.PIPELINE_EXECUTION_ID;
      const status = action === 'approve' ? 'Approved' : 'Rejected';
      const description = `${status.toLowerCase()} by the pipeline's production approval${execution ? ` in execution ${execution}` : ''}`;
      const sagemaker = createSageMakerClient({ region, env: io.env });
      const marked = await markVersions(sagemaker, versions.map((v) => v.arn), status, description, { sleep: (ms) => new Promise((done) => setTimeout(done, ms)) });
      if (json) {
        io.out(jsonDocument(marked.map((m, i) => ({ model: versions[i].model, ...m }))));
        return ExitCode.OK;
      }
      marked.forEach((m, i) => io.out(`${versions[i].model}: version ${m.version} of ${versions[i].group} ${m.kept ? `stays ${m.now} (${m.kept})` : `${m.was} -> ${m.now}`}\n`));
      return ExitCode.OK;
    } catch (err) {
      if (err instanceof ModelVersionsError) return fail(err.message, ExitCode.STEP_ENVIRONMENT, 'StepEnvironment');
      if (err instanceof ConfigError) return fail(`${err.file}: ${err.problems.map(formatProblem).join('; ')}`, ExitCode.CONFIG, 'ConfigInvalid');
      const failure = classifySdkFailure(err, SCOPE);
      if (failure) return fail(failure.message, failure.exitCode, failure.code, failure.service);
      throw err;
    }
  },
});
