import type { ArtifactRevision, SourceRevision } from '@aws-sdk/client-codepipeline';

/** one source revision flowing through the pipeline: a commit, or an S3 object version. */
export interface RevisionView {
  /** the source artifact or source action it came from, e.g. `Source` */
  readonly source: string;
  /** the full revision id: a commit id or an S3 version id */
  readonly revisionId: string;
  /** the commit message (first line), when the source provides one */
  readonly message?: string;
  /** a link to the commit in the source provider, when there is one */
  readonly url?: string;
}

/**
 * the commit message in a revision summary. CodeCommit gives the message itself; CodeConnections
 * sources (GitHub, Bitbucket, GitLab) give JSON such as `{"ProviderType":"GitHub","CommitMessage":"..."}`.
 */
export function commitMessage(summary: string | undefined): string | undefined {
  if (summary === undefined || summary.trim() === '') return undefined;
  let text = summary;
  if (summary.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(summary) as { CommitMessage?: unknown };
      if (typeof parsed.CommitMessage === 'string') text = parsed.CommitMessage;
    } catch {
      // not JSON after all: the summary is the message
    }
  }
  const firstLine = text.split('\n')[0].trim();
  return firstLine === '' ? undefined : firstLine;
}

/** a revision id short enough for a table: 8 characters of a commit id, at most 16 of anything else. */
export function shortRevisionId(revisionId: string): string {
  if (/^[0-9a-f]{40}$/.test(revisionId)) return revisionId.slice(0, 8);
  return revisionId.length > 16 ? `${revisionId.slice(0, 13)}...` : revisionId;
}

function view(source: string | undefined, revisionId: string | undefined, summary: string | undefined, url: string | undefined): RevisionView | undefined {
  if (revisionId === undefined || revisionId === '') return undefined;
  const message = commitMessage(summary);
  return {
    source: source ?? 'source',
    revisionId,
    ...(message === undefined ? {} : { message }),
    ...(url === undefined || url === '' ? {} : { url }),
  };
}

/** the revisions of a pipeline execution (GetPipelineExecution's artifactRevisions). */
export function artifactRevisionViews(revisions: readonly ArtifactRevision[] | undefined): RevisionView[] {
  return (revisions ?? []).flatMap((r) => view(r.name, r.revisionId, r.revisionSummary, r.revisionUrl) ?? []);
}

/** the revisions of an execution summary (ListPipelineExecutions' sourceRevisions). */
export function sourceRevisionViews(revisions: readonly SourceRevision[] | undefined): RevisionView[] {
  return (revisions ?? []).flatMap((r) => view(r.actionName, r.revisionId, r.revisionSummary, r.revisionUrl) ?? []);
}

/** a revision in one line: `a1b2c3d4 "Add the feature"`, truncating long messages. */
export function formatRevision(revision: RevisionView, maxMessage = 50): string {
  const id = shortRevisionId(revision.revisionId);
  if (revision.message === undefined) return id;
  const message = revision.message.length > maxMessage ? `${revision.message.slice(0, maxMessage - 3)}...` : revision.message;
  return `${id} "${message}"`;
}
