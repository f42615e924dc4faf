import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineEntry } from './acknowledgement-policy';
import { acknowledgementProblems, collectAcknowledgements, diffBaseline, suppressionMatcher, toBaseline } from './acknowledgement-policy';
import { synthesizeApp } from './synthesize-app';

/** the committed list of every acknowledgement in the app, relative to the repository root. */
export const BASELINE_FILE = 'compliance/acknowledgements.baseline.json';

/** the command that rewrites the baseline, as the tests print it. */
export const UPDATE_BASELINE_COMMAND = 'npx tsx compliance/update-baseline.ts';

/** reads the committed baseline; an empty list when the file does not exist yet. */
export function readBaseline(repoRoot: string): BaselineEntry[] {
  try {
    return JSON.parse(readFileSync(join(repoRoot, BASELINE_FILE), 'utf8')) as BaselineEntry[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${BASELINE_FILE} is not valid JSON (${(err as Error).message}); run ${UPDATE_BASELINE_COMMAND} to rewrite it`, { cause: err });
  }
}

/** what an update did: the entries written, and how they differ from the previous baseline. */
export interface BaselineUpdate {
  readonly entries: readonly BaselineEntry[];
  readonly added: readonly BaselineEntry[];
  readonly removed: readonly BaselineEntry[];
  /** policy problems; when there are any, nothing is written */
  readonly problems: readonly string[];
}

/** synthesizes the app and rewrites the baseline from its acknowledgements, unless one breaks the policy. */
export function updateBaseline(repoRoot: string): BaselineUpdate {
  const synthesized = synthesizeApp(repoRoot);
  try {
    const acknowledgements = collectAcknowledgements(synthesized.app, repoRoot);
    const problems = acknowledgementProblems(acknowledgements, suppressionMatcher(synthesized.plugins));
    const entries = toBaseline(acknowledgements);
    const { added, removed } = diffBaseline(entries, readBaseline(repoRoot));
    if (problems.length === 0) writeFileSync(join(repoRoot, BASELINE_FILE), `${JSON.stringify(entries, undefined, 2)}\n`);
    return { entries, added, removed, problems };
  } finally {
    rmSync(synthesized.outdir, { recursive: true, force: true });
  }
}

function describe(e: BaselineEntry): string {
  return `${e.id} on ${e.path}: ${e.reason}`;
}

if (require.main === module) {
  const update = updateBaseline(join(__dirname, '..'));
  if (update.problems.length > 0) {
    process.stderr.write(`not updated: ${update.problems.length} acknowledgement(s) break the policy (see docs/auditors.md, "How to acknowledge a finding"):\n`);
    for (const p of update.problems) process.stderr.write(`  - ${p}\n`);
    process.exitCode = 1;
  } else {
    for (const e of update.added) process.stdout.write(`+ ${describe(e)}\n`);
    for (const e of update.removed) process.stdout.write(`- ${describe(e)}\n`);
    process.stdout.write(`${BASELINE_FILE}: ${update.entries.length} acknowledgements (${update.added.length} added, ${update.removed.length} removed)\n`);
  }
}
