/** SageMaker's limits on a training job name: 1-63 characters, alphanumerics and inner hyphens. */
export const JOB_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** the longest training job name SageMaker accepts. */
export const MAX_JOB_NAME_LENGTH = 63;

/**
 * the name of one training attempt of a model: `<prefix>-<identity>-<attempt>` (at most 20 + 1 +
 * 32 + 1 + 9 characters). The name is the same for every run that trains that key at that attempt,
 * so SageMaker, which keeps names unique per account and region (ResourceInUse), lets only one of
 * two racing runs create it.
 */
export function attemptJobName(prefix: string, identity: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1) throw new Error(`training attempt ${attempt} is not a whole number from 1`);
  const name = `${prefix}-${identity}-${attempt}`;
  if (name.length > MAX_JOB_NAME_LENGTH || !JOB_NAME_PATTERN.test(name)) throw new Error(`training job name "${name}" is not valid (1-63 letters, digits and inner hyphens); shorten project.prefix ("${prefix}")`);
  return name;
}

/** the attempt number of a job name made by attemptJobName for this prefix and identity, else undefined. */
export function attemptOf(name: string | undefined, prefix: string, identity: string): number | undefined {
  const head = `${prefix}-${identity}-`;
  if (!name?.startsWith(head)) return undefined;
  const rest = name.slice(head.length);
  return /^[1-9][0-9]{0,8}$/.test(rest) ? Number(rest) : undefined;
}
