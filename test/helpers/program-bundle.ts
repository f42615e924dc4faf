import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { buildSync } from 'esbuild';

/** the repository root: every bundle lives under its `.cache/`. */
export const REPO_ROOT = join(__dirname, '..', '..');

/** a program of ours that tests start as a process, and where its bundle goes. */
export interface BundledProgram {
  /** the entry point (absolute path) */
  readonly entry: string;
  /** the bundle's folder, under REPO_ROOT */
  readonly dir: string;
  /**
   * a line of the entry point left out of the bundle (it must be there)
   * @default nothing is left out
   */
  readonly withoutLine?: string;
}

/** a hash of the given repository files' contents, or undefined when one of them is gone. */
function contentHash(inputs: readonly string[]): string | undefined {
  const hash = createHash('sha256');
  for (const input of [...inputs].sort()) {
    const file = join(REPO_ROOT, input);
    if (!existsSync(file)) return undefined;
    hash.update(input).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** `content` written to `file` whole or not at all (another jest worker may read it meanwhile). */
function writeAtomically(file: string, content: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

/**
 * `program` and every module of ours it loads as one CommonJS file (packages stay in
 * node_modules): a process started from it spends no time checking and compiling TypeScript files,
 * which through tsx costs about 0.2-0.25 s of CPU per process. The bundle is rebuilt when a source
 * file it was built from changes (a hash of their contents names it), so a test never runs stale
 * code; the list of those files is kept beside it as inputs.json.
 */
export function programBundle(program: BundledProgram): string {
  const inputsFile = join(program.dir, 'inputs.json');
  if (existsSync(inputsFile)) {
    const hash = contentHash(JSON.parse(readFileSync(inputsFile, 'utf8')) as string[]);
    const bundle = hash === undefined ? undefined : join(program.dir, `program-${hash}.cjs`);
    if (bundle !== undefined && existsSync(bundle)) return bundle;
  }
  const entry = relative(REPO_ROOT, program.entry);
  let source: { stdin: { contents: string; resolveDir: string; sourcefile: string; loader: 'js' | 'ts' } } | { entryPoints: string[] } = { entryPoints: [entry] };
  if (program.withoutLine !== undefined) {
    const text = readFileSync(program.entry, 'utf8');
    if (!text.includes(program.withoutLine)) throw new Error(`${entry} no longer has the line "${program.withoutLine}" that its test bundle leaves out; update test/helpers/program-bundle.ts's callers`);
    // resolved from the entry's folder, named by its file name: the metafile lists it as `entry`
    source = { stdin: { contents: text.replace(program.withoutLine, ''), resolveDir: dirname(program.entry), sourcefile: entry.split('/').pop() ?? entry, loader: extname(entry) === '.ts' ? 'ts' : 'js' } };
  }
  const result = buildSync({
    ...source,
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    metafile: true,
    write: false,
    logLevel: 'silent',
    outfile: join(program.dir, 'program.cjs'),
  });
  // paths relative to the repository, the entry point among them
  const inputs = Object.keys(result.metafile.inputs);
  const hash = contentHash(inputs);
  if (hash === undefined) throw new Error(`the inputs of ${entry}'s test bundle changed while it was built (${inputs.length} files); run the tests again`);
  mkdirSync(program.dir, { recursive: true });
  const bundle = join(program.dir, `program-${hash}.cjs`);
  writeAtomically(bundle, result.outputFiles[0].contents);
  writeAtomically(inputsFile, JSON.stringify(inputs));
  for (const old of readdirSync(program.dir)) {
    if (old.startsWith('program-') && old.endsWith('.cjs') && join(program.dir, old) !== bundle) rmSync(join(program.dir, old), { force: true });
  }
  return bundle;
}
