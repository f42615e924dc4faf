/**
 * exit codes shared by every `mlpipe` command. Each number has one meaning across commands, so
 * scripts can branch on it; add a new constant rather than reusing one.
 */
export const ExitCode = {
  /** the command did what it was asked */
  OK: 0,
  /** the command ran and what it checks failed (invalid config, failed gate, failed job) */
  FAILED: 1,
  /** the command line itself is wrong (unknown flag, missing argument) */
  USAGE: 2,
  /** the config file is missing, unreadable or invalid */
  CONFIG: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
