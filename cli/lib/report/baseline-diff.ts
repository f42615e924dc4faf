import { readFileSync } from 'node:fs';
import type { BaselineEntry } from '../../../compliance/acknowledgement-policy';
import { withoutModelIdentity } from '../../../config/training-identity';
import type { BaselineDiff, WaiverChange } from './model';
import type { RawStack } from './raw-inputs';
import { ReportInputError } from './report-input-error';
import { firstUserFrame, madeByLibrary } from './source-location';

/** the committed baseline, as the report compares against it. */
export interface Baseline {
  /** how the report names the file, e.g. `compliance/acknowledgements.baseline.json` */
  readonly file: string;
  readonly entries: readonly BaselineEntry[];
}

const REWRITE = 'run `npm run compliance:baseline` to rewrite it';

/** reads a baseline file (`compliance/acknowledgements.baseline.json`); errors name `label` and the fix. */
export function readBaselineFile(path: string, label: string = path): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReportInputError(code ? `cannot read the baseline ${label} (${code}); pass an existing file with --baseline, or ${REWRITE}` : `the baseline ${label} is not valid JSON (${(err as Error).message}); ${REWRITE}`);
  }
  if (!Array.isArray(json)) throw new ReportInputError(`the baseline ${label} is not a list of acknowledgements; ${REWRITE}`);
  const entries = json.map((e: unknown, i) => {
    const entry = e as Partial<Record<keyof BaselineEntry, unknown>> | null;
    if (entry === null || typeof entry !== 'object' || typeof entry.path !== 'string' || typeof entry.id !== 'string' || typeof entry.reason !== 'string') {
      throw new ReportInputError(`the baseline ${label}: entry ${i} has no path, id and reason strings; ${REWRITE}`);
    }
    return { path: entry.path, id: entry.id, reason: entry.reason, ...(typeof entry.madeBy === 'string' ? { madeBy: entry.madeBy } : {}) };
  });
  return { file: label, entries };
}

function identity(e: { path: string; id: string; madeBy?: string }): string {
  return JSON.stringify([e.path, e.id, e.madeBy ?? '']);
}

function order(a: WaiverChange, b: WaiverChange): number {
  return a.path.localeCompare(b.path) || a.id.localeCompare(b.id);
}

/**
 * the acknowledgements of the assembly against the baseline, matched by construct path, id (with
 * the model folder written `models/<identity>/`, as the baseline writes it) and the library that
 * made it: new ones, removed ones, and ones whose reason changed.
 */
export function diffAgainstBaseline(stacks: readonly RawStack[], baseline: Baseline, sourceRoot: string, acknowledgeHelpers: readonly string[] = []): BaselineDiff {
  const current = new Map<string, WaiverChange>();
  for (const ack of stacks.flatMap((s) => s.acknowledgements)) {
    const madeBy = madeByLibrary(ack.trace);
    const change: WaiverChange = {
      path: ack.constructPath,
      id: withoutModelIdentity(ack.id),
      reason: ack.reason,
      location: firstUserFrame(ack.trace, sourceRoot, acknowledgeHelpers),
      ...(madeBy ? { madeBy } : {}),
    };
    current.set(identity(change), change);
  }
  const before = new Map(baseline.entries.map((e) => [identity(e), e]));
  const added: WaiverChange[] = [];
  const reasonChanged: WaiverChange[] = [];
  for (const [k, change] of current) {
    const old = before.get(k);
    if (old === undefined) added.push(change);
    else if (old.reason !== change.reason) reasonChanged.push({ ...change, previousReason: old.reason });
  }
  const removed: WaiverChange[] = baseline.entries
    .filter((e) => !current.has(identity(e)))
    .map((e) => ({ path: e.path, id: e.id, reason: e.reason, ...(e.madeBy ? { madeBy: e.madeBy } : {}) }));
  return {
    file: baseline.file,
    baselineCount: baseline.entries.length,
    currentCount: current.size,
    added: added.sort(order),
    removed: removed.sort(order),
    reasonChanged: reasonChanged.sort(order),
  };
}
