import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { registerNagPacks } from '../../compliance/register-nag';
import { deepMerge } from '../../config/deep-merge';
import { resolveConfig } from '../../config/resolve-config';
import { MlStage } from '../../stages/ml-stage';
import { buildApp } from '../../pipeline/build-app';
import { catalogueArtifact, cdkJsonContext } from './endpoint-test-app';
import { repoDocument } from '../helpers/test-config';
import { synthViolations } from '../helpers/synth-violations';

/* A production stage of pipeline.yaml with Model Monitor on, under every compliance pack: no open finding. */

let outdir: string;
let violations: string[];
let monitored: string[];

beforeAll(() => {
  const document = repoDocument();
  const prod = (document.stages as Record<string, unknown>[]).find((s) => s.name === 'Prod');
  const result = resolveConfig(deepMerge(document, { stages: [deepMerge(prod ?? {}, { endpoint: { monitoring: { enabled: true, schedule: 'hourly' } } })] }));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  outdir = mkdtempSync(join(tmpdir(), 'monitoring-nag-'));
  const app = new App({ outdir, context: cdkJsonContext() });
  registerNagPacks(app);
  const stage = result.config.stages[0];
  new MlStage(app, stage.name, { config: result.config, stage, region: stage.regions[0], modelArtifact: catalogueArtifact(result.config) });
  violations = synthViolations(app, outdir).map((v) => `${v.pack} ${v.rule} ${v.path}`);
  monitored = app.node.findAll().filter((c) => c.node.path.endsWith('/DataQuality/Schedule')).map((c) => c.node.path);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

test('a monitored production endpoint has its schedule and no open finding in the compliance packs', () => {
  expect(monitored).toEqual(['Prod/Endpoint/DataQuality/Schedule']);
  expect(violations).toEqual([]);
});

describe('the whole app with that stage monitored', () => {
  let appOutdir: string;
  let appViolations: string[];
  let trainStacks: string[];
  beforeAll(() => {
    const document = repoDocument();
    document.stages = (document.stages as Record<string, unknown>[]).map((s) => (s.name === 'Prod' ? deepMerge(s, { endpoint: { monitoring: { enabled: true } } }) : s));
    const result = resolveConfig(document);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    appOutdir = mkdtempSync(join(tmpdir(), 'monitoring-app-nag-'));
    const { app } = buildApp(result.config, { outdir: appOutdir, context: cdkJsonContext() });
    appViolations = synthViolations(app, appOutdir).map((v) => `${v.pack} ${v.rule} ${v.path}`);
    // the parts the baseline adds are there: the processing log group of the model store, the baseline job grants
    trainStacks = app.node.findAll().filter((c) => /\/Train\/ModelStore\/BaselineJobLogs\/Resource$|\/TrainModelRole\/Policy\/Resource$/.test(c.node.path)).map((c) => c.node.path.split('/').slice(-3).join('/'));
  });

  afterAll(() => rmSync(appOutdir, { recursive: true, force: true }));

  test('the pipeline, the Train stage with the baseline jobs\' grants and log group, and every stage have no open finding', () => {
    expect(trainStacks.sort()).toEqual(['ModelStore/BaselineJobLogs/Resource', 'TrainModelRole/Policy/Resource']);
    expect(appViolations).toEqual([]);
  });
});
