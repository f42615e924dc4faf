import { resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG_FILE, formatProblem, loadConfig } from '../../config';
import type { AppConfig } from '../../config';
import type { Command, CommandIo } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs, UsageError } from '../lib/args';
import { createSageMakerClient } from '../lib/aws/sagemaker-clients';
import { classifySdkFailure, errorName } from '../lib/aws/sdk-failure';
import { jsonDocument } from '../lib/release/run-release-command';
import { accessHint, insideNetworkNote, openWorkspace, WorkspaceError } from '../lib/workspace/open-workspace';

const HELP = `usage: mlpipe workspace open <user> [--config FILE] [--region REGION] [--session-minutes N] [--json]

Prints a presigned URL that signs <user> in to their SageMaker Studio profile or notebook
instance (the config's workspace.kind). Run it with the credentials of the user's open role,
"<prefix>-ws-<user>-open", from inside the workspace network (VPN, Direct Connect or a host in
the VPC): the role may ask for a URL only through the VPC's SageMaker API endpoint, and the URL
works only through the VPC's Studio or notebook endpoint, for 5 minutes. A notebook stopped after
its idle timeout is started, and the command asks to be run again once it is in service.
The URL goes to standard output alone, so \`open "$(mlpipe workspace open alice)"\` works.

flags:
  --config FILE        the config file (default: ${DEFAULT_CONFIG_FILE})
  --region REGION      the workspace's region (default: AWS_REGION, then the profile's, then the tooling region)
  --session-minutes N  how long the signed-in session lasts, 30 to 720 (default: 120)
  --json               print one JSON document instead of the URL
  -h, --help           show this help

exit codes:
   0  the URL is printed
   2  bad command line
   3  the config file is missing or invalid
  16  AWS kept throttling after the retries
  17  no AWS credentials, or they expired
  18  AWS refused the call (not the open role, or not through the VPC endpoint)
  19  no region
  20  the SageMaker endpoint cannot be reached (outside the network?)
  21  SageMaker answered with another error
  40  the config has no workspace
  41  <user> is not one of workspace.users
  42  the user's notebook or Studio profile is not deployed
  43  the notebook is stopped (now starting) or not yet in service; run again in a few minutes

environment:
  AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL,
  AWS_ENDPOINT_URL_SAGEMAKER, AWS_MAX_ATTEMPTS as usual for the AWS SDK

examples:
  AWS_PROFILE=ws-alice npx mlpipe workspace open alice
  npx mlpipe workspace open alice --session-minutes 480 --json | jq -r .url
`;

const USER = /^[a-z0-9](-?[a-z0-9])*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

function fail(io: CommandIo, message: string, code: number): number {
  io.err(`mlpipe workspace: ${message}\n`);
  return code;
}

function sessionSeconds(value: string | undefined): number {
  if (value === undefined) return 120 * 60;
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 30 || minutes > 720) {
    throw new UsageError(`--session-minutes '${value}' must be a whole number of minutes from 30 to 720 (SageMaker's session limits of 1800 to 43200 seconds)`);
  }
  return minutes * 60;
}

export const workspaceCommand: Command = withUsageErrors({
  name: 'workspace',
  summary: 'print a presigned URL to a data scientist\'s Studio profile or notebook (from inside the network)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { config: { type: 'string' }, region: { type: 'string' }, 'session-minutes': { type: 'string' }, json: { type: 'boolean', default: false } },
      2,
    );
    const [action, user] = positionals;
    if (action !== 'open') throw new UsageError(action === undefined ? 'missing the action: mlpipe workspace open <user>' : `unknown action '${action}'; the only action is "open"`);
    if (user === undefined) throw new UsageError('missing the user: mlpipe workspace open <user>');
    if (!USER.test(user)) throw new UsageError(`'${user}' is not a workspace user name (lowercase letters, digits and single "-")`);
    if (values.region !== undefined && !REGION.test(values.region)) throw new UsageError(`--region '${values.region}' is not an AWS region name; use one such as eu-west-1`);
    const session = sessionSeconds(values['session-minutes']);
    let config: AppConfig | undefined;
    try {
      config = loadConfig(resolve(io.cwd, values.config ?? DEFAULT_CONFIG_FILE));
      const region = values.region ?? (io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION ? undefined : config.tooling.region);
      const opened = await openWorkspace(config, user, createSageMakerClient({ region }), session);
      const note = insideNetworkNote(config);
      if (values.json) {
        io.out(jsonDocument({ ...opened, note }));
      } else {
        io.out(`${opened.url}\n`);
        io.err(`mlpipe workspace: ${note}\n`);
      }
      return ExitCode.OK;
    } catch (err) {
      if (err instanceof ConfigError) return fail(io, `${err.file}: ${err.problems.map(formatProblem).join('; ')}`, ExitCode.CONFIG);
      if (err instanceof WorkspaceError) return fail(io, err.message, err.exitCode);
      const failure = classifySdkFailure(err, 'SageMaker');
      if (!failure) throw err;
      const denied = failure.exitCode === ExitCode.ACCESS_DENIED && config !== undefined && errorName(err) !== 'UnrecognizedClientException';
      return fail(io, denied && config ? `${failure.message}\n  ${accessHint(config, user)}` : failure.message, failure.exitCode);
    }
  },
});
