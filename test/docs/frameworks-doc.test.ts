import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRAMEWORK_NAMES, frameworkVersions } from '../../config/framework-images';
import table from '../../config/frameworks/framework-images.json';
import { REPO_ROOT } from '../helpers/test-config';

const doc = readFileSync(join(REPO_ROOT, 'docs', 'frameworks.md'), 'utf8');

describe('docs/frameworks.md', () => {
  it.each(FRAMEWORK_NAMES)('names every %s version of the image table and the commit it was read from', (name) => {
    const row = doc.split('\n').filter((line) => line.startsWith(`| ${name} | `)).pop() ?? '';
    for (const version of frameworkVersions(name)) expect(row).toContain(version);
    expect(row).toContain(table.sources[name].commit);
  });

  it('gives the date the table was read on', () => {
    expect(doc).toContain(`taken on ${table.sources.readOn}`);
  });
});
