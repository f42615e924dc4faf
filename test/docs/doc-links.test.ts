import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorsOf, documentationLinkProblems, githubSlug, linksOf } from '../helpers/doc-links';
import { REPO_ROOT } from '../helpers/test-config';

describe('the links of README.md and docs/', () => {
  test('README.md is a front page of at most 250 lines (the details are in the guides)', () => {
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(250);
  });

  test('every relative link and anchor resolves', () => {
    const { checked, problems } = documentationLinkProblems(REPO_ROOT);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});

describe('the checks themselves', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'doc-links-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'guide.md'), '# Guide\n\n## Local mode (`npm run local`, also `npx mlpipe local`)\n\n## Notes\n\n## Notes\n\n<a id="kept"></a>\n');
    writeFileSync(join(root, 'docs', 'picture.png'), 'png');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const problemsOf = (readme: string): string[] => {
    writeFileSync(join(root, 'README.md'), readme);
    return documentationLinkProblems(root).problems;
  };

  test('makes anchors as GitHub does: punctuation dropped, code kept as text, repeats numbered', () => {
    expect(githubSlug('Local mode (`npm run local`, also `npx mlpipe local`)')).toBe('local-mode-npm-run-local-also-npx-mlpipe-local');
    expect(githubSlug('Training contract (`docker run <image> train`)')).toBe('training-contract-docker-run-image-train');
    expect(githubSlug("What it costs: `mlpipe cost`")).toBe('what-it-costs-mlpipe-cost');
    expect(githubSlug('Day to day: self-mutation')).toBe('day-to-day-self-mutation');
    expect([...anchorsOf('# A\n## Notes\n## Notes\n```\n# not a heading\n```\n')]).toEqual(['a', 'notes', 'notes-1']);
  });

  test('accepts links that resolve, and ignores URLs and links inside code', () => {
    expect(
      problemsOf(
        '[g](docs/guide.md) [n](docs/guide.md#notes-1) [l](docs/guide.md#local-mode-npm-run-local-also-npx-mlpipe-local) ![p](docs/picture.png) [k](docs/guide.md#kept) [w](https://example.com/x#y) `[c](nowhere.md)`\n```\n[c](nowhere.md)\n```\n[self](#top)\n# Top\n',
      ),
    ).toEqual([]);
  });

  test('fails when a linked file does not exist', () => {
    expect(problemsOf('see [the guide](docs/guides.md)\n')).toEqual(['README.md:1: docs/guides.md: docs/guides.md does not exist']);
  });

  test('fails when an anchor names no heading of the target', () => {
    expect(problemsOf('[n](docs/guide.md#notes-2)\n')).toEqual(['README.md:1: docs/guide.md#notes-2: docs/guide.md has no heading with the anchor #notes-2']);
    expect(problemsOf('# Quick start\n[q](#quick-starts)\n')).toEqual(['README.md:2: #quick-starts: README.md has no heading with the anchor #quick-starts']);
  });

  test('fails when an image is missing, reference definitions included', () => {
    expect(problemsOf('![shot](docs/shot.png)\n\n[ref]: docs/missing.md\n')).toEqual(['README.md:1: docs/shot.png: docs/shot.png does not exist', 'README.md:3: docs/missing.md: docs/missing.md does not exist']);
  });

  test('finds links with titles and several per line', () => {
    expect(linksOf('[a](x.md "title") and [b](y.md#z)', 'f.md').map((l) => l.target)).toEqual(['x.md', 'y.md#z']);
  });
});
