/** the environment variable CodeBuild sets to the commit it built. */
export const CODEBUILD_COMMIT_VARIABLE = 'CODEBUILD_RESOLVED_SOURCE_VERSION';

/**
 * the commit the report is about: the `--commit` flag, else CodeBuild's resolved source version,
 * else what `gitHead()` returns (the working tree's HEAD), else `unknown`.
 */
export function resolveCommitId(flag: string | undefined, env: NodeJS.ProcessEnv, gitHead: () => string | undefined): string {
  const candidates = [flag, env[CODEBUILD_COMMIT_VARIABLE]];
  for (const candidate of candidates) {
    if (candidate !== undefined && candidate.trim() !== '') return candidate.trim();
  }
  const head = gitHead()?.trim();
  return head ? head : 'unknown';
}
