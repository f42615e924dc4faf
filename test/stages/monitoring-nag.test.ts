import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deepMerge } from '../../config/deep-merge';
import { resolveConfig } from '../../config/resolve-config';
import { buildApp } from '../../pipeline/build-app';
import { cdkJsonContext } from './endpoint-test-app';
import { repoDocument } from '../helpers/test-config';
import { synthViolations } from '../helpers/synth-violations';

/* A production stage of pipeline.yaml with Model Monitor on, under every compliance pack: no open finding. */

let outdir: string;
let violations: string[];
let monitored: string[];
let trainStacks: string[];

/*
 * One synth for both tests: the whole app (pipeline.yaml) with Model Monitor on in its production
 * stage, hourly, under every compliance pack (buildApp registers them), holds the monitored
 * production stage itself.
 */
beforeAll(() => {
  const document = repoDocument();
  document.stages = (document.stages as Record<string, unknown>[]).map((s) => (s.name === 'Prod' ? deepMerge(s, { endpoint: { monitoring: { enabled: true, schedule: 'hourly' } } }) : s));
  const result = resolveConfig(document);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  outdir = mkdtempSync(join(tmpdir(), 'monitoring-app-nag-'));
  const { app } = buildApp(result.config, { outdir, context: cdkJsonContext() });
  violations = synthViolations(app, outdir).map((v) => `${v.pack} ${v.rule} ${v.path}`);
  monitored = app.node.findAll().filter((c) => c.node.path.endsWith('/DataQuality/Schedule')).map((c) => c.node.path);
  // the parts the baseline adds are there: the processing log group of the model store, the baseline job grants
  trainStacks = app.node.findAll().filter((c) => /\/Train\/ModelStore\/BaselineJobLogs\/Resource$|\/TrainModelRole\/Policy\/Resource$/.test(c.node.path)).map((c) => c.node.path.split('/').slice(-3).join('/'));
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

test('a monitored production endpoint has its schedule and no open finding in the compliance packs', () => {
  expect(monitored).toEqual(['mlops-pipeline/Prod/Endpoint/DataQuality/Schedule']);
  expect(violations.filter((v) => v.includes('/Prod/'))).toEqual([]);
});

describe('the whole app with that stage monitored', () => {
  test('the pipeline, the Train stage with the baseline jobs\' grants and log group, and every stage have no open finding', () => {
    expect(trainStacks.sort()).toEqual(['ModelStore/BaselineJobLogs/Resource', 'TrainModelRole/Policy/Resource']);
    expect(violations).toEqual([]);
  });
});
