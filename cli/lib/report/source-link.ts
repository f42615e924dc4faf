import type { SourceLocation, SourceRepository } from './model';

/** a commit id a repository can be browsed at: 7 to 40 hex digits (not `unknown`). */
const COMMIT = /^[0-9a-f]{7,40}$/i;

function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * the URL of the line of `location` in the file at `commit`: on GitHub
 * (`https://github.com/<owner>/<repo>/blob/<commit>/<file>#L<line>`), or in the CodeCommit console of
 * the repository's region; undefined when the repository or the commit is not known, or the file is
 * outside the repository (an absolute path).
 */
export function sourceUrl(repository: SourceRepository | undefined, commit: string, location: SourceLocation | undefined): string | undefined {
  if (repository === undefined || location === undefined || !COMMIT.test(commit)) return undefined;
  if (location.file.startsWith('/') || location.file.startsWith('..') || /^[a-z]:[\\/]/i.test(location.file)) return undefined;
  const file = encodePath(location.file);
  if (repository.kind === 'github') return `https://github.com/${encodePath(repository.repository)}/blob/${commit}/${file}#L${location.line}`;
  const region = encodeURIComponent(repository.region);
  return `https://${region}.console.aws.amazon.com/codesuite/codecommit/repositories/${encodeURIComponent(repository.repository)}/browse/${commit}/--/${file}?region=${region}&lines=${location.line}-${location.line}`;
}
