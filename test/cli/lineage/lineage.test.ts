import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLineage } from '../../../cli/lib/lineage/model-lineage';
import { readServedModels } from '../../../cli/lib/lineage/read-served-models';
import { renderLineage, writeLineage } from '../../../cli/lib/lineage/write-lineage';
import type { TrainingReport } from '../../../cli/lib/training/training-report';
import { testConfig } from '../../helpers/test-config';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const config = testConfig({ models: { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2: '0.01' }, channels: { train: { prefix: 'iris/v2/train/', dataVersion: 'iris-v2' } } } } });

/** an endpoint stack's template as synthesized: the endpoint with its version tags. */
const endpointTemplate = (tags: Record<string, string>) => ({
  Resources: { Endpoint: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointName: 'x', Tags: [{ Key: 'mlpipe:project', Value: 'tst' }, ...Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))] } } },
});

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lineage-'));
  mkdirSync(join(dir, 'assembly-Prod'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ artifacts: { Pipeline: { type: 'aws:cloudformation:stack', properties: { templateFile: 'p.template.json', stackName: 'tst-pipeline' } }, AssemblyProd: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Prod' } } } }));
  writeFileSync(join(dir, 'p.template.json'), JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
  writeFileSync(
    join(dir, 'assembly-Prod', 'manifest.json'),
    JSON.stringify({ artifacts: { ProdEndpoint: { type: 'aws:cloudformation:stack', displayName: 'tst-pipeline/Prod/Endpoint (tst-prod-endpoint)', properties: { templateFile: 'e.template.json', stackName: 'tst-prod-endpoint' } } } }),
  );
  writeFileSync(join(dir, 'assembly-Prod', 'e.template.json'), JSON.stringify(endpointTemplate({ 'mlpipe:model-version:iris-softmax': `tst-iris-softmax/${A}`, 'mlpipe:model-version:iris-softmax-l2': `tst-iris-softmax-l2/${B}` })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const version = (model: string, n: number) => ({ model, group: `tst-${model}`, version: n, arn: `arn:aws:sagemaker:eu-west-1:111111111111:model-package/tst-${model}/${n}`, status: 'PendingManualApproval' as const, registered: 'now' as const });
const report: TrainingReport = {
  outcome: 'passed',
  commit: 'c0ffee0',
  maxConcurrentJobs: 4,
  trained: ['iris-softmax-l2'],
  skipped: ['iris-softmax'],
  failed: [],
  models: [
    { model: 'iris-softmax', outcome: 'skipped', modelKey: `models/${A}/model.tar.gz`, identity: A, commit: 'c0ffee0', trainingJob: 'tst-old-job', modelVersion: { ...version('iris-softmax', 2), registered: 'before' } },
    { model: 'iris-softmax-l2', outcome: 'published', modelKey: `models/${B}/model.tar.gz`, identity: B, commit: 'c0ffee0', trainingJob: 'tst-new-job', modelVersion: version('iris-softmax-l2', 5) },
  ],
};

describe('model lineage beside the compliance report', () => {
  test('reads every served model from the endpoint tags of the assembly and its stage assemblies', () => {
    expect(readServedModels(dir)).toEqual([
      { stage: 'Prod', stackName: 'tst-prod-endpoint', model: 'iris-softmax', group: 'tst-iris-softmax', identity: A },
      { stage: 'Prod', stackName: 'tst-prod-endpoint', model: 'iris-softmax-l2', group: 'tst-iris-softmax-l2', identity: B },
    ]);
  });

  test('lists per stage model -> version -> training job -> commit -> data versions, from the training report and the config', () => {
    const lineage = buildLineage(readServedModels(dir), { config, trainingReport: report, trainingReportFile: 'reports/training/report.json' });
    expect(lineage.rows).toEqual([
      { stage: 'Prod', model: 'iris-softmax', group: 'tst-iris-softmax', identity: A, version: 2, trainingJob: 'tst-old-job', training: 'skipped', dataVersions: { train: 'iris-v1', validation: 'iris-v1' } },
      { stage: 'Prod', model: 'iris-softmax-l2', group: 'tst-iris-softmax-l2', identity: B, version: 5, trainingJob: 'tst-new-job', commit: 'c0ffee0', training: 'trained', dataVersions: { train: 'iris-v2', validation: 'iris-v1' } },
    ]);
    const text = renderLineage(lineage);
    expect(text).toContain('| Prod | iris-softmax-l2 | tst-iris-softmax-l2 v5 | tst-new-job | c0ffee0 | train=iris-v2, validation=iris-v1 |');
    expect(text).toContain('| Prod | iris-softmax | tst-iris-softmax v2 | tst-old-job | earlier (skipped: the version records it) | train=iris-v1, validation=iris-v1 |');
    expect(text).toContain("- version, training job and commit: the Train step's report reports/training/report.json, matched by identity");
  });

  test('built without AWS and before training, it says which values are not known yet and where they will come from', () => {
    const lineage = buildLineage(readServedModels(dir), { config });
    expect(lineage.rows[0]).toEqual({ stage: 'Prod', model: 'iris-softmax', group: 'tst-iris-softmax', identity: A, training: 'no training report', dataVersions: { train: 'iris-v1', validation: 'iris-v1' } });
    expect(renderLineage(lineage)).toContain(`| Prod | iris-softmax | tst-iris-softmax (identity ${A.slice(0, 12)}…) | - (no training report) | - | train=iris-v1, validation=iris-v1 |`);
    expect(lineage.sources[1]).toMatch(/^version, training job and commit: not known without AWS until the Train step has run/);
  });

  test('a model of another commit\'s training report is not matched to a served identity', () => {
    const other = { ...report, models: report.models.map((m) => ({ ...m, identity: 'c'.repeat(64) })) };
    expect(buildLineage(readServedModels(dir), { config, trainingReport: other }).rows.map((r) => r.training)).toEqual(['not in the training report', 'not in the training report']);
  });

  test('fails when the config cannot be read: the lineage says so instead of leaving data versions blank', () => {
    const lineage = buildLineage(readServedModels(dir), { config: { error: 'pipeline.yaml: stages: is required' } });
    expect(lineage.sources[2]).toBe('data versions: unknown, the config could not be read: pipeline.yaml: stages: is required');
  });

  test('writes lineage.md and lineage.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'lineage-out-'));
    const files = writeLineage(dir, out, { config });
    expect(readFileSync(files.lineage, 'utf8')).toMatch(/^# Model lineage\n/);
    expect(JSON.parse(readFileSync(files.lineageJson, 'utf8')).rows).toHaveLength(2);
    rmSync(out, { recursive: true, force: true });
  });
});
