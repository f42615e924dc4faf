/** a failure as `--json` prints it: the only thing on standard output. */
export interface JsonFailure {
  /** a short name, e.g. "ConfigInvalid", "AccessDenied", "Usage" */
  readonly code: string;
  /** the exit code the command ends with */
  readonly exitCode: number;
  /** what happened and what to do, as the text output says it */
  readonly message: string;
  /**
   * the AWS service whose call failed
   * @default null - the failure is not an AWS call's
   */
  readonly service?: string | null;
  /** anything else a script may use (e.g. the config problems) */
  readonly [detail: string]: unknown;
}

/** one JSON document, pretty-printed, with a final newline. */
export function jsonDocument(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `{ "error": { code, exitCode, message, service, ... } }` with a final newline. */
export function jsonError(failure: JsonFailure): string {
  return jsonDocument({ error: { ...failure, service: failure.service ?? null } });
}

/** whether a command line asks for JSON (before it is parsed, so that usage errors honour it too). */
export function wantsJson(args: readonly string[]): boolean {
  return args.includes('--json');
}
