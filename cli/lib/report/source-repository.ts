import type { SourceConfig } from '../../../config/source-schema';
import type { SourceRepository } from './model';

/**
 * where the files of a commit can be browsed, from the config's `source` section: a GitHub
 * `owner/repo`, or a CodeCommit repository in the tooling region; undefined for an S3 zip source.
 */
export function sourceRepository(source: SourceConfig, toolingRegion: string): SourceRepository | undefined {
  if (source.kind === 'github') return { kind: 'github', repository: source.repository };
  if (source.kind === 'codecommit') return { kind: 'codecommit', repository: source.repository, region: toolingRegion };
  return undefined;
}
