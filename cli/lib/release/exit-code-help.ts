import { ExitCode } from '../../exit-codes';

const MEANING = {
  OK: 'done',
  FAILED: 'the command ran and what it checks failed',
  USAGE: 'bad command line (unknown flag, missing argument, bad value)',
  CONFIG: 'the config file is missing or invalid (only without --pipeline)',
  PIPELINE_NOT_FOUND: 'the pipeline does not exist in that account and region',
  STAGE_NOT_FOUND: 'the pipeline has no such stage (the message lists its stages)',
  ACTION_NOT_FOUND: 'the stage has no pending approval of that name',
  NO_PENDING_APPROVAL: 'the stage has no pending approval (the message lists the stages that do)',
  APPROVAL_ALREADY_COMPLETED: 'someone already approved or rejected it',
  APPROVAL_TOKEN_INVALID: 'the approval expired or its execution moved on',
  THROTTLED: 'AWS kept throttling after the retries',
  NO_CREDENTIALS: 'no AWS credentials, or they expired',
  ACCESS_DENIED: 'AWS refused the credentials or the call (the message names the permission)',
  NO_REGION: 'no region: pass --region or set AWS_REGION',
  ENDPOINT_UNREACHABLE: 'the CodePipeline endpoint cannot be reached',
  AWS_ERROR: 'CodePipeline answered with another error',
  UNEXPECTED_RESPONSE: 'something other than CodePipeline answered (a proxy\'s page)',
} as const satisfies Partial<Record<keyof typeof ExitCode, string>>;

/** the exit codes a release command's help can describe. */
export type ReleaseExitCodeName = keyof typeof MEANING;

/** the "exit codes:" section of a command's --help, for the codes it can end with. */
export function exitCodeHelp(names: readonly ReleaseExitCodeName[]): string {
  const sorted = [...new Set(names)].sort((a, b) => ExitCode[a] - ExitCode[b]);
  return ['exit codes:', ...sorted.map((n) => `  ${String(ExitCode[n]).padStart(2)}  ${MEANING[n]}`)].join('\n');
}

/** the codes every release command can end with (calls to AWS, flags, config). */
export const COMMON_RELEASE_EXIT_CODES: readonly ReleaseExitCodeName[] = [
  'OK',
  'USAGE',
  'CONFIG',
  'PIPELINE_NOT_FOUND',
  'THROTTLED',
  'NO_CREDENTIALS',
  'ACCESS_DENIED',
  'NO_REGION',
  'ENDPOINT_UNREACHABLE',
  'AWS_ERROR',
  'UNEXPECTED_RESPONSE',
];
