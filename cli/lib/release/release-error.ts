/**
 * a release or cost command cannot go on because of what the pipeline or the config looks like
 * (an unknown stage, no pending approval, a failed AWS call): reported with its message and its
 * own exit code.
 */
export class ReleaseError extends Error {
  constructor(
    /** the exit code the command ends with (one of cli/exit-codes.ts) */
    public readonly exitCode: number,
    message: string,
    /** the AWS service whose call failed, for `--json` @default - none: not an AWS call's failure */
    public readonly service?: string,
    /** a short name of the failure for `--json`, e.g. "PipelineNotFoundException" @default "ReleaseError" */
    public readonly code: string = 'ReleaseError',
  ) {
    super(message);
    this.name = 'ReleaseError';
  }
}
