/** one problem in a config file: where it is, what was there, and what to do. */
export interface ConfigProblem {
  /** the path in the file, e.g. `stages[1].endpoint.serverless.memorySizeMb` */
  readonly path: string;
  /** the value found there (`undefined` when it is missing, or when the problem is not about a value: a YAML syntax error, an unknown key) */
  readonly value: unknown;
  /** what is wrong and how to fix it */
  readonly message: string;
}

function renderValue(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** messages that already say, after the path, that something is missing or wrong there */
const SAYS_WHAT = /^(is|has|does|cannot|must not) /;

/**
 * formats one problem as a sentence: `path: value message` when there is a value
 * (`tooling.account: "12" must be exactly 12 digits`), else `path message`
 * (`project.prefix is missing; add it (a string)`, `line 9, column 3 is not valid YAML: ...`).
 */
export function formatProblem(problem: ConfigProblem): string {
  const path = problem.path || 'the file';
  if (problem.value !== undefined) return `${path}: ${renderValue(problem.value)} ${problem.message}`;
  return SAYS_WHAT.test(problem.message) ? `${path} ${problem.message}` : `${path} is missing; it ${problem.message}`;
}

/** thrown when a config file cannot be used; carries every problem found, not only the first. */
export class ConfigError extends Error {
  constructor(
    /** the file that was read */
    public readonly file: string,
    /** every problem found */
    public readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
