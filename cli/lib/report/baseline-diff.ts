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

/** `b` without the items of `a` (a multiset difference), comparing reasons. */
function without<T extends { reason: string }>(b: readonly T[], a: readonly { reason: string }[]): T[] {
  const left = [...b];
  for (const item of a) {
    const i = left.findIndex((x) => x.reason === item.reason);
    if (i !== -1) left.splice(i, 1);
  }
  return left;
}

/**
 * the acknowledgements of the assembly against the baseline, matched by construct path, id (with
 * the model folder written `models/<identity>/`, as the baseline writes it) and the library that
 * made it: new ones, removed ones, and ones whose reason changed. One id may be acknowledged more
 * than once on one construct (each call records its reason); each is matched once.
 */
export function diffAgainstBaseline(stacks: readonly RawStack[], baseline: Baseline, sourceRoot: string, acknowledgeHelpers: readonly string[] = []): BaselineDiff {
  const current = new Map<string, WaiverChange[]>();
  let currentCount = 0;
  for (const ack of stacks.flatMap((s) => s.acknowledgements)) {
    const madeBy = madeByLibrary(ack.trace);
    const change: WaiverChange = {
      path: ack.constructPath,
      id: withoutModelIdentity(ack.id),
      reason: ack.reason,
      location: firstUserFrame(ack.trace, sourceRoot, acknowledgeHelpers),
      ...(madeBy ? { madeBy } : {}),
    };
    current.set(identity(change), [...(current.get(identity(change)) ?? []), change]);
    currentCount++;
  }
  const before = new Map<string, WaiverChange[]>();
  for (const e of baseline.entries) {
    const change: WaiverChange = { path: e.path, id: e.id, reason: e.reason, ...(e.madeBy ? { madeBy: e.madeBy } : {}) };
    before.set(identity(change), [...(before.get(identity(change)) ?? []), change]);
  }
  const added: WaiverChange[] = [];
  const removed: WaiverChange[] = [];
  const reasonChanged: WaiverChange[] = [];
  for (const k of new Set([...current.keys(), ...before.keys()])) {
    const now = without(current.get(k) ?? [], before.get(k) ?? []);
    const old = without(before.get(k) ?? [], current.get(k) ?? []);
    const paired = Math.min(now.length, old.length);
    for (let i = 0; i < paired; i++) reasonChanged.push({ ...now[i], previousReason: old[i].reason });
    added.push(...now.slice(paired));
    removed.push(...old.slice(paired));
  }
  return {
    file: baseline.file,
    baselineCount: baseline.entries.length,
    currentCount,
    added: added.sort(order),
    removed: removed.sort(order),
    reasonChanged: reasonChanged.sort(order),
  };
}
