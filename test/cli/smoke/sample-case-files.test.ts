import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmokeCaseError, parseSmokeCase, readModelCases, readSmokeCases } from '../../../cli/lib/smoke/smoke-case';

const EXAMPLE = '; a case looks like {"description": "...", "contentType": "text/csv", "body": "5.1,3.5,1.4,0.2\\n", "expect": {"labels": ["setosa"]}}';
const csv = { contentType: 'text/csv', body: '5.1,3.5,1.4,0.2\n', expect: { labels: ['setosa'] } };

/** a folder with the given files (name: content; a name ending in / is a folder). */
function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'smoke-cases-'));
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith('/')) mkdirSync(join(dir, name), { recursive: true });
    else writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('parseSmokeCase', () => {
  it('reads a complete case as written', () => {
    const c = parseSmokeCase('x.json', { description: 'one iris', contentType: 'text/csv', accept: 'application/json', body: '1,2\n', expect: { labels: ['setosa'], includes: ['setosa'] } });
    expect(c).toEqual({ file: 'x.json', description: 'one iris', contentType: 'text/csv', accept: 'application/json', body: '1,2\n', labels: ['setosa'], includes: ['setosa'] });
  });

  it('names a case without a description after its file, accepts it with the request type, and with labels only checks no text', () => {
    expect(parseSmokeCase('x.json', csv)).toEqual({ file: 'x.json', description: 'x.json', contentType: 'text/csv', accept: undefined, body: '5.1,3.5,1.4,0.2\n', labels: ['setosa'], includes: [] });
  });

  it('accepts a case that expects only texts, and then checks no labels', () => {
    const c = parseSmokeCase('x.json', { contentType: 'text/csv', body: '1', expect: { includes: ['setosa'] } });
    expect([c.labels, c.includes]).toEqual([undefined, ['setosa']]);
  });

  it('accepts an empty list of labels (an answer with no rows)', () => {
    expect(parseSmokeCase('x.json', { contentType: 'text/csv', body: '1', expect: { labels: [] } }).labels).toEqual([]);
  });

  it('writes a JSON body given as JSON for a JSON content type', () => {
    const c = parseSmokeCase('x.json', { contentType: 'application/json', body: { instances: [[1, 2]] }, expect: { labels: ['setosa'] } });
    expect(c.body).toBe('{"instances":[[1,2]]}');
  });

  it('throws errors named SmokeCaseError', () => {
    expect(() => parseSmokeCase('x.json', null)).toThrow(expect.objectContaining({ name: 'SmokeCaseError' }));
  });

  it.each([
    ['a string', 'text/csv'],
    ['null', null],
    ['a list', [csv]],
  ])('fails when the file holds %s instead of an object, showing what a case looks like', (_what, raw) => {
    expect(() => parseSmokeCase('x.json', raw)).toThrow(new SmokeCaseError(`x.json: is not a JSON object${EXAMPLE}`));
  });

  it.each([
    ['is missing', {}],
    ['is empty', { contentType: '' }],
    ['is not a string', { contentType: 7 }],
  ])('fails when contentType %s', (_what, type) => {
    expect(() => parseSmokeCase('x.json', { ...csv, contentType: undefined, ...type })).toThrow(`x.json: has no "contentType"${EXAMPLE}`);
  });

  it('fails when accept is not a string', () => {
    expect(() => parseSmokeCase('x.json', { ...csv, accept: ['text/csv'] })).toThrow(`x.json: "accept" must be a string${EXAMPLE}`);
  });

  it.each([
    ['is empty', { body: '' }],
    ['is JSON for a CSV content type', { body: { instances: [[1]] } }],
    ['is missing', { body: undefined }],
  ])('fails when the body %s', (_what, body) => {
    expect(() => parseSmokeCase('x.json', { ...csv, ...body })).toThrow(`x.json: has no "body" (a string, or JSON for application/json)${EXAMPLE}`);
  });

  it.each([
    ['labels', { labels: 'setosa' }],
    ['labels', { labels: ['setosa', 1] }],
    ['includes', { includes: 'setosa' }],
    ['includes', { includes: [true] }],
  ])('fails when expect.%s is not a list of strings', (key, expectation) => {
    expect(() => parseSmokeCase('x.json', { ...csv, expect: expectation })).toThrow(`x.json: "expect.${key}" must be a list of strings${EXAMPLE}`);
  });

  it('fails when the case has no expect at all', () => {
    expect(() => parseSmokeCase('x.json', { contentType: 'text/csv', body: '1' })).toThrow(`x.json: expects nothing: give "expect.labels" or "expect.includes", so the case can fail${EXAMPLE}`);
  });
});

describe('readSmokeCases', () => {
  it('reads the *.json files of a folder in name order and ignores other files', async () => {
    // written out of order, so that neither creation order nor its reverse is name order
    const names = ['c', 'a', 'e', 'b', 'd'];
    const dir = folder({ ...Object.fromEntries(names.map((n) => [`${n}.json`, { ...csv, description: n }])), 'README.md': '# cases', 'f.json.bak': '{' });
    const cases = await readSmokeCases(dir);
    expect(cases.map((c) => [c.description, c.file])).toStrictEqual(['a', 'b', 'c', 'd', 'e'].map((n) => [n, join(dir, `${n}.json`)]));
  });

  it('fails when the folder does not exist, naming it, the reason and the settings to fix', async () => {
    const dir = join(tmpdir(), 'no-such-smoke-folder-19');
    await expect(readSmokeCases(dir)).rejects.toThrow(new SmokeCaseError(`cannot read the sample folder ${dir} (ENOENT); set stages[].smokeTest.samplesDir or pass --samples`));
  });

  it('fails when the folder holds files but no *.json case', async () => {
    const dir = folder({ 'README.md': '# cases' });
    await expect(readSmokeCases(dir)).rejects.toThrow(`${dir} holds no *.json sample cases; add at least one so the smoke test can fail`);
  });

  it('fails when a case file is not JSON, naming the file', async () => {
    const dir = folder({ 'a.json': csv, 'b.json': '{"contentType":' });
    await expect(readSmokeCases(dir)).rejects.toThrow(new RegExp(`^${join(dir, 'b.json').replace(/[.\\/]/g, '\\$&')}: is not valid JSON \\(.+\\)$`));
  });

  it('fails when a case file is JSON but not a case, naming the file', async () => {
    const dir = folder({ 'a.json': { contentType: 'text/csv' } });
    await expect(readSmokeCases(dir)).rejects.toThrow(`${join(dir, 'a.json')}: has no "body"`);
  });
});

describe('readModelCases', () => {
  it('reads the shared cases and then the model\'s own', async () => {
    const dir = folder({ 'iris/': '', 'iris/b.json': { ...csv, description: 'own' }, 'a.json': { ...csv, description: 'shared' }, 'other/': '', 'other/c.json': { ...csv, description: 'other model' } });
    expect((await readModelCases(dir, 'iris')).map((c) => c.description)).toStrictEqual(['shared', 'own']);
  });

  it('reads only the shared cases when the model has no folder', async () => {
    const dir = folder({ 'a.json': { ...csv, description: 'shared' } });
    expect((await readModelCases(dir, 'iris')).map((c) => c.description)).toStrictEqual(['shared']);
  });

  it('reads only the model\'s own cases when there are no shared ones', async () => {
    const dir = folder({ 'README.md': '# cases', 'iris/': '', 'iris/b.json': { ...csv, description: 'own' }, 'iris/notes.txt': 'x' });
    expect((await readModelCases(dir, 'iris')).map((c) => c.description)).toStrictEqual(['own']);
  });

  it('fails when neither the folder nor the model folder holds a case, saying where to add them', async () => {
    const dir = folder({ 'README.md': '# cases', 'iris/': '', 'iris/notes.txt': 'x', 'other/': '', 'other/c.json': csv });
    const own = join(dir, 'iris');
    await expect(readModelCases(dir, 'iris')).rejects.toThrow(
      new SmokeCaseError(`no sample cases for model iris: neither ${own} nor ${dir} holds *.json cases; add cases for it under ${own}/ (or shared ones in ${dir}/) so its smoke test can fail`),
    );
  });

  it('fails when the samples folder is missing as readSmokeCases does, naming the setting', async () => {
    const dir = join(tmpdir(), 'no-such-smoke-folder-19');
    await expect(readModelCases(dir, 'iris')).rejects.toThrow(`cannot read the sample folder ${dir} (ENOENT); set stages[].smokeTest.samplesDir or pass --samples`);
  });
});
