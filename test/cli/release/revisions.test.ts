import { artifactRevisionViews, commitMessage, formatRevision, shortRevisionId, sourceRevisionViews } from '../../../cli/lib/release/revisions';

describe('commitMessage', () => {
  test('takes the first line of a CodeCommit message', () => {
    expect(commitMessage('Fix the serving image\n\nLonger explanation')).toBe('Fix the serving image');
  });

  test('reads CommitMessage from the JSON summary of CodeConnections sources', () => {
    expect(commitMessage('{"ProviderType":"GitHub","CommitMessage":"Add the latency gate\\nbody"}')).toBe('Add the latency gate');
  });

  test('keeps a summary that only looks like JSON', () => {
    expect(commitMessage('{not json} but a message')).toBe('{not json} but a message');
  });

  test('has no message for empty summaries', () => {
    expect(commitMessage(undefined)).toBeUndefined();
    expect(commitMessage('  ')).toBeUndefined();
  });
});

describe('revision ids', () => {
  test('a commit id is shortened to 8 characters', () => {
    expect(shortRevisionId('4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f')).toBe('4e5f6a7b');
  });

  test('an S3 version id longer than 16 characters is cut with "..."', () => {
    expect(shortRevisionId('3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY')).toBe('3HL4kqtJlcpXr...');
    expect(shortRevisionId('shortversion')).toBe('shortversion');
  });

  test('a revision prints as id and quoted message, long messages cut', () => {
    const view = { source: 'Source', revisionId: '4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f', message: 'x'.repeat(60) };
    expect(formatRevision(view, 20)).toBe(`4e5f6a7b "${'x'.repeat(17)}..."`);
    expect(formatRevision({ source: 'Source', revisionId: 'abc' })).toBe('abc');
  });
});

describe('revision views', () => {
  test('artifact revisions keep name, id, message and url and skip revisions without an id', () => {
    expect(
      artifactRevisionViews([
        { name: 'Artifact_Source', revisionId: 'c0ffee', revisionSummary: 'msg', revisionUrl: 'https://example.com/c0ffee' },
        { name: 'Empty' },
      ]),
    ).toEqual([{ source: 'Artifact_Source', revisionId: 'c0ffee', message: 'msg', url: 'https://example.com/c0ffee' }]);
  });

  test('source revisions are named after their source action', () => {
    expect(sourceRevisionViews([{ actionName: 'repo', revisionId: 'c0ffee' }])).toEqual([{ source: 'repo', revisionId: 'c0ffee' }]);
    expect(sourceRevisionViews(undefined)).toEqual([]);
  });
});
