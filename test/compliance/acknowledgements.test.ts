import { rmSync } from 'node:fs';
import type { BaselineEntry, RecordedAcknowledgement } from '../../compliance/acknowledgement-policy';
import { acknowledgementProblems, collectAcknowledgements, diffBaseline, suppressionMatcher, toBaseline } from '../../compliance/acknowledgement-policy';
import { synthesizeApp } from '../../compliance/synthesize-app';
import type { SynthesizedApp } from '../../compliance/synthesize-app';
import { BASELINE_FILE, readBaseline, UPDATE_BASELINE_COMMAND } from '../../compliance/update-baseline';
import { ROOT } from './helpers/source-line';

/** the real app (pipeline.yaml, as bin/app.ts builds it), synthesized once for the whole file. */
let synthesized: SynthesizedApp;
let acknowledgements: RecordedAcknowledgement[];

beforeAll(() => {
  synthesized = synthesizeApp(ROOT);
  acknowledgements = collectAcknowledgements(synthesized.app, ROOT);
});

afterAll(() => rmSync(synthesized.outdir, { recursive: true, force: true }));

const describeEntry = (e: BaselineEntry) => `  ${e.id} on ${e.path}${e.madeBy ? ` (made by ${e.madeBy})` : ''}: ${e.reason}`;

describe('the real app', () => {
  test('has no open finding over the five packs and the other validation plugins, warnings included', () => {
    const open = synthesized.plugins.flatMap((p) => p.violations.flatMap((v) => v.constructs.map((c) => `${p.name}: ${v.rule} (${v.severity}) on ${c.constructPath}`)));
    expect(open).toEqual([]);
  });

  test('makes every acknowledgement on a resource with a qualified, exact id, a 40+ character reason, and a finding it waives', () => {
    expect(acknowledgementProblems(acknowledgements, suppressionMatcher(synthesized.plugins))).toEqual([]);
  });

  test(`lists every acknowledgement in ${BASELINE_FILE}`, () => {
    const { added, removed } = diffBaseline(toBaseline(acknowledgements), readBaseline(ROOT));
    if (added.length > 0 || removed.length > 0) {
      throw new Error(
        [
          `the acknowledgements differ from ${BASELINE_FILE}; every waiver is reviewed, so update the baseline in the same change:`,
          `  ${UPDATE_BASELINE_COMMAND}`,
          ...(added.length ? ['new or changed (not in the baseline):', ...added.map(describeEntry)] : []),
          ...(removed.length ? ['gone (still in the baseline):', ...removed.map(describeEntry)] : []),
        ].join('\n'),
      );
    }
  });
});
