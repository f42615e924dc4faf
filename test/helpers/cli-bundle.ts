import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const REPO_ROOT = join(__dirname, '..', '..');
const BIN = join(REPO_ROOT, 'bin', 'mlpipe.cjs');
/** the entry point's line that loads TypeScript through tsx: nothing TypeScript is left in the bundle. */
const TSX_LOADER = "require('tsx/cjs');";
/**
 * two levels under the repository root, as cli/commands/ is: the one module of the CLI that finds
 * the repository through `__dirname` (cli/commands/local.ts) finds it from the bundle too.
 */
const BUNDLE_DIR = join(REPO_ROOT, '.cache', 'mlpipe-cli');
/** the repository files the last bundle was built from (paths relative to the repository). */
const INPUTS_FILE = join(BUNDLE_DIR, 'inputs.json');

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

/** the bundle built from the current sources, if an earlier test file of this or another run built it. */
function builtBundle(): string | undefined {
  if (!existsSync(INPUTS_FILE)) return undefined;
  const hash = contentHash(JSON.parse(readFileSync(INPUTS_FILE, 'utf8')) as string[]);
  const bundle = hash === undefined ? undefined : join(BUNDLE_DIR, `mlpipe-${hash}.cjs`);
  return bundle !== undefined && existsSync(bundle) ? bundle : undefined;
}

/** `content` written to `file` whole or not at all (another jest worker may read it meanwhile). */
function writeAtomically(file: string, content: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

/**
 * `bin/mlpipe.cjs` and every module of ours it loads as one CommonJS file (packages stay in
 * node_modules), for the tests that start `mlpipe` as a process: each `mlpipe` process through tsx
 * spends about 0.25 s of CPU checking and loading TypeScript files, and the loopback tests start
 * sixty of them. The bundle is the same program: the same entry point (its EPIPE handling and exit
 * codes), with `require('tsx/cjs')` left out because nothing TypeScript is left to load. It is
 * rebuilt when a source file it was built from changes (a hash of their contents names it), so a
 * test never runs stale code. test/cli/process-behaviour.test.ts and test/cli/validate.test.ts
 * still start bin/mlpipe.cjs itself, through tsx, as a user does.
 */
export function cliBundle(): string {
  const existing = builtBundle();
  if (existing !== undefined) return existing;
  const entry = readFileSync(BIN, 'utf8');
  if (!entry.includes(TSX_LOADER)) throw new Error(`bin/mlpipe.cjs no longer has the line "${TSX_LOADER}" that cli-bundle.ts leaves out of the bundle; update cli-bundle.ts`);
  const result = buildSync({
    absWorkingDir: REPO_ROOT,
    stdin: { contents: entry.replace(TSX_LOADER, ''), resolveDir: join(REPO_ROOT, 'bin'), sourcefile: 'mlpipe.cjs', loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    metafile: true,
    write: false,
    logLevel: 'silent',
    outfile: join(BUNDLE_DIR, 'mlpipe.cjs'),
  });
  // paths relative to the repository; the entry point is among them (as its resolve directory names it)
  const inputs = Object.keys(result.metafile.inputs);
  const hash = contentHash(inputs);
  if (hash === undefined) throw new Error(`the mlpipe bundle's inputs changed while it was built (${inputs.length} files); run the tests again`);
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const bundle = join(BUNDLE_DIR, `mlpipe-${hash}.cjs`);
  writeAtomically(bundle, result.outputFiles[0].contents);
  writeAtomically(INPUTS_FILE, JSON.stringify(inputs));
  for (const old of readdirSync(BUNDLE_DIR)) {
    if (old.startsWith('mlpipe-') && old.endsWith('.cjs') && join(BUNDLE_DIR, old) !== bundle) rmSync(join(BUNDLE_DIR, old), { force: true });
  }
  return bundle;
}
