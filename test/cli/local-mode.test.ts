import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ContainerRuntime } from '../../cli/lib/local/container-runtime';
import { ProcessRuntime } from '../../cli/lib/local/container-runtime';
import { LineProcess } from '../../cli/lib/local/line-process';
import { runLocalMode, WorkDirError } from '../../cli/lib/local/local-mode';
import { parseLocalArgs } from '../../cli/lib/local/local-options';
import { trainCatalogue } from '../../cli/lib/local/catalogue-steps';
import { packageModel, unpackModel } from '../../cli/lib/local/model-package';
import { repoDocument, testConfig } from '../helpers/test-config';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

describe('mlpipe local (runs the training and serving programs)', () => {
  test('passes every step from training to serving the whole catalogue from one multi-model server on a small run', async () => {
    let output = '';
    const options = parseLocalArgs(['--skip-synth', '--rows', '6000', '--epochs', '12', '--checkpoint-every', '2', '--load-seconds', '1', '--connections', '8']);
    const config = testConfig({}, repoDocument());
    const catalogue = { models: config.models, maxConcurrentJobs: config.training.maxConcurrentJobs };
    const results = await runLocalMode({ repoRoot: REPO_ROOT, env: process.env, options, out: (t) => (output += t), catalogue });
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['prepare inputs', 'passed'],
      ['train (SageMaker training contract)', 'passed'],
      ['spot-interruption drill', 'passed'],
      ['package and unpack model.tar.gz', 'passed'],
      ['serve and smoke-test (hosting contract)', 'passed'],
      ['load test', 'passed'],
      ['graceful shutdown (SIGTERM)', 'passed'],
      [`train the model catalogue (${config.models.length} models)`, 'passed'],
      ['serve the catalogue from one multi-model server (/models)', 'passed'],
      ['synthesize every stack with the nag packs', 'skipped'],
      ['compliance report', 'skipped'],
      ['model registry requests (CreateModelPackage, not sent)', 'skipped'],
      ['data-quality baseline (Model Monitor statistics, constraints)', 'passed'],
    ]);
    expect(results[12].detail).toBe('6000 records, 5 columns');
    expect(output).toMatch(/_c1 \(sepal_length\): Fractional, mean \d\.\d{4}, std_dev \d\.\d{4}/);
    for (const model of config.models) {
      expect(results[7].detail).toMatch(new RegExp(`${model.name} validation:accuracy=0\\.9\\d+`));
      expect(output).toContain(`[${model.name}] answered `);
    }
    expect(results[8].detail).toMatch(new RegExp(`^${config.models.length} models loaded in one multi-model server .*; \\d+ invocations by name answered as expected; drained and exited 0$`));
    // the retry is a new job whose checkpoints come from the model key's prefix, not from its own folder
    expect(results[2].detail).toMatch(/attempt 1 stopped at epoch (\d+) \(exit 143\) with its checkpoints at checkpoints\/[0-9a-f]{32}\/; attempt 2 resumed from epoch \1; final model identical/);
    expect(results[5].detail).toMatch(/^\d+ req\/s, p50 [\d.]+ ms, p99 [\d.]+ ms/);
    expect(output).toContain('[3/13] spot-interruption drill');
    expect(output).toMatch(/epoch 12\/12: train:loss=/);
    expect(results[3].output).toBe('the model: removed with the work folder (run with --keep to keep it)');
  });

  test('fails the training step and skips what needs it when the training program fails', async () => {
    const failing: ContainerRuntime = {
      description: 'a runtime whose training exits 1',
      prepare: async () => undefined,
      train: () => ({ process: new LineProcess(process.execPath, ['-e', 'process.exit(1)'], { cwd: REPO_ROOT, env: process.env }), interrupt: async () => undefined }),
      serve: () => Promise.reject(new Error('not reached')),
      serveMultiModel: () => Promise.reject(new Error('not reached')),
      cleanup: async () => undefined,
    };
    const results = await runLocalMode({ repoRoot: REPO_ROOT, env: process.env, options: parseLocalArgs(['--skip-synth']), out: () => undefined, runtime: failing });
    expect(results.map((r) => r.status)).toEqual(['passed', 'failed', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'passed']);
    expect(results[1].detail).toBe('training exited with 1');
    expect(results[2].detail).toBe('needs the reference training run');
  });

  test('fails when --work-dir is not empty, before running anything', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-work-'));
    try {
      await fs.writeFile(path.join(dir, 'old'), 'x');
      const options = parseLocalArgs(['--work-dir', dir]);
      await expect(runLocalMode({ repoRoot: REPO_ROOT, env: process.env, options, out: () => undefined, runtime: new ProcessRuntime(REPO_ROOT, process.env) })).rejects.toThrow(WorkDirError);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('model.tar.gz packaging', () => {
  test('packs the model files at the top level, the same bytes every time, and unpacks them', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'package-'));
    try {
      await fs.mkdir(path.join(dir, 'model'));
      await fs.writeFile(path.join(dir, 'model', 'model.json'), '{"a":1}\n');
      const first = await packageModel(path.join(dir, 'model'), path.join(dir, 'a.tar.gz'));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await fs.utimes(path.join(dir, 'model', 'model.json'), new Date(), new Date());
      const second = await packageModel(path.join(dir, 'model'), path.join(dir, 'b.tar.gz'));
      expect(second.sha256).toBe(first.sha256);
      expect(await unpackModel(path.join(dir, 'a.tar.gz'), path.join(dir, 'opt-ml-model'))).toEqual(['model.json']);
      expect(await fs.readFile(path.join(dir, 'opt-ml-model', 'model.json'), 'utf8')).toBe('{"a":1}\n');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('local training of the catalogue', () => {
  test('fails when a model misses its gate, naming it, after training every model', async () => {
    const config = testConfig({ models: { 'iris-ok': {}, 'iris-strict': { metric: { direction: 'minimize', threshold: 0 } } } });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-catalogue-'));
    const lines: string[] = [];
    try {
      await expect(trainCatalogue(new ProcessRuntime(REPO_ROOT, process.env), dir, config.models, 2, (l) => lines.push(l))).rejects.toThrow(/^1 of 2 models failed: iris-strict: validation:accuracy 0\.\d+ misses its threshold \(<= 0\)$/);
      expect(lines.join('\n')).toMatch(/\[iris-ok\] trained: validation:accuracy=/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
