import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** one sample invocation and what its answer must say. */
export interface SmokeCase {
  /** the file the case came from */
  readonly file: string;
  /** what the case shows */
  readonly description: string;
  /** the request's Content-Type, e.g. `text/csv` */
  readonly contentType: string;
  /** the Accept header @default - the request's type */
  readonly accept: string | undefined;
  /** the request body */
  readonly body: string;
  /** the predicted label of each row, in order */
  readonly labels: readonly string[] | undefined;
  /** substrings the answer must contain */
  readonly includes: readonly string[];
}

/** a case file that cannot be used (the message names the file and the fix). */
export class SmokeCaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmokeCaseError';
  }
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** checks one parsed case file. */
export function parseSmokeCase(file: string, raw: unknown): SmokeCase {
  const problem = (what: string) => new SmokeCaseError(`${file}: ${what}; a case looks like {"description": "...", "contentType": "text/csv", "body": "5.1,3.5,1.4,0.2\\n", "expect": {"labels": ["setosa"]}}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw problem('is not a JSON object');
  const c = raw as Record<string, unknown>;
  if (typeof c.contentType !== 'string' || c.contentType === '') throw problem('has no "contentType"');
  if (c.accept !== undefined && typeof c.accept !== 'string') throw problem('"accept" must be a string');
  const body = typeof c.body === 'string' ? c.body : c.body !== undefined && c.contentType.includes('json') ? JSON.stringify(c.body) : undefined;
  if (body === undefined || body === '') throw problem('has no "body" (a string, or JSON for application/json)');
  const expect = (c.expect ?? {}) as Record<string, unknown>;
  if (expect.labels !== undefined && !isStrings(expect.labels)) throw problem('"expect.labels" must be a list of strings');
  if (expect.includes !== undefined && !isStrings(expect.includes)) throw problem('"expect.includes" must be a list of strings');
  if (expect.labels === undefined && expect.includes === undefined) throw problem('expects nothing: give "expect.labels" or "expect.includes", so the case can fail');
  return {
    file,
    description: typeof c.description === 'string' ? c.description : file,
    contentType: c.contentType,
    accept: c.accept as string | undefined,
    body,
    labels: expect.labels as string[] | undefined,
    includes: (expect.includes as string[] | undefined) ?? [],
  };
}

/** reads every `*.json` case of a folder, in name order. */
export async function readSmokeCases(dir: string): Promise<SmokeCase[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    throw new SmokeCaseError(`cannot read the sample folder ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); set stages[].smokeTest.samplesDir or pass --samples`);
  }
  if (names.length === 0) throw new SmokeCaseError(`${dir} holds no *.json sample cases; add at least one so the smoke test can fail`);
  const cases: SmokeCase[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new SmokeCaseError(`${file}: is not valid JSON (${(err as Error).message})`);
    }
    cases.push(parseSmokeCase(file, raw));
  }
  return cases;
}

/**
 * the cases of one model of the catalogue: the shared cases (`*.json` directly in `dir`) and the
 * model's own (`dir/<model>/*.json`); either may be missing, not both.
 */
export async function readModelCases(dir: string, model: string): Promise<SmokeCase[]> {
  const own = join(dir, model);
  // a missing samples folder is reported as such (readSmokeCases names the setting to fix)
  if ((await readdir(dir).catch(() => undefined)) === undefined) return readSmokeCases(dir);
  const hasJson = async (folder: string) => (await readdir(folder).catch(() => [] as string[])).some((n) => n.endsWith('.json'));
  const [shared, mine] = await Promise.all([hasJson(dir), hasJson(own)]);
  if (!shared && !mine) {
    throw new SmokeCaseError(`no sample cases for model ${model}: neither ${own} nor ${dir} holds *.json cases; add cases for it under ${own}/ (or shared ones in ${dir}/) so its smoke test can fail`);
  }
  return [...(shared ? await readSmokeCases(dir) : []), ...(mine ? await readSmokeCases(own) : [])];
}
