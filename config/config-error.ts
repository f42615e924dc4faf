/** one problem in a config file: where it is, what was there, and what to do. */
export interface ConfigProblem {
  /** the path in the file, e.g. `stages[1].endpoint.serverless.memorySizeMb` */
  readonly path: string;
  /** the value found there (`undefined` when it is missing) */
  readonly value: unknown;
  /** what is wrong and how to fix it */
  readonly message: string;
}

function renderValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** formats one problem as `path: value message`. */
export function formatProblem(problem: ConfigProblem): string {
  return `${problem.path || '(top level)'}: ${renderValue(problem.value)} ${problem.message}`;
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
