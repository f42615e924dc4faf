/** SageMaker's limits on a training job name: 1-63 characters, alphanumerics and inner hyphens. */
export const JOB_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/**
 * a unique training job name, at most 63 characters: `<prefix>-<identity[0..10]>-<yyyymmddhhmmss>-<4 random>`.
 * The identity part says which model the job trains; time and randomness keep reruns unique.
 * @param random four lowercase alphanumerics (tests pass a fixed value)
 */
export function trainingJobName(prefix: string, identity: string, now: Date, random: string): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const name = `${prefix}-${identity.slice(0, 10)}-${stamp}-${random}`;
  if (!JOB_NAME_PATTERN.test(name)) {
    throw new Error(`training job name "${name}" is not valid (1-63 letters, digits and inner hyphens); shorten project.prefix ("${prefix}")`);
  }
  return name;
}

/** four random lowercase alphanumerics. */
export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 6).padEnd(4, '0');
}
