import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeTrainingInputs } from '../../sample-data/src/training-inputs';
import { parseModelArtifact } from '../../model/src/model-artifact';
import { METRIC_DEFINITIONS } from '../src/metric-definitions';
import { killAll, runProgram, startProgram, tempRoot, TRAINING_MAIN } from '../../test/helpers/programs';

/** the training program run as SageMaker would: `train`, with SM_ROOT standing in for /opt/ml. */
const train = (root: string) => runProgram(TRAINING_MAIN, 'train', { SM_ROOT: root });
const modelText = (root: string) => fs.readFile(path.join(root, 'model', 'model.json'), 'utf8');

describe('training program (process)', () => {
  const roots: string[] = [];
  async function root(props: Parameters<typeof writeTrainingInputs>[1]): Promise<string> {
    const dir = await tempRoot('train');
    roots.push(dir);
    await writeTrainingInputs(dir, props);
    return dir;
  }
  afterAll(async () => {
    killAll();
    await Promise.all(roots.map((r) => fs.rm(r, { recursive: true, force: true })));
  });

  test('trains iris to a valid model and prints metrics the metric definitions capture', async () => {
    const dir = await root({ hyperparameters: { epochs: '20', checkpoint_every_epochs: '10' } });
    const { code, output } = await train(dir);
    expect(code).toBe(0);
    const artifact = parseModelArtifact(await modelText(dir), 'model.json');
    expect(artifact.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(artifact.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    const accuracy = [...output.matchAll(new RegExp(METRIC_DEFINITIONS[2].Regex, 'g'))].map((m) => Number(m[1]));
    // one per epoch, then the final value on the model line
    expect(accuracy).toHaveLength(21);
    expect(accuracy[20]).toBe(accuracy[19]);
    expect(accuracy[20]).toBeGreaterThanOrEqual(0.9);
    expect(artifact.training.metrics['validation:accuracy']).toBeCloseTo(accuracy[20], 4);
    expect((await fs.readdir(path.join(dir, 'checkpoints'))).sort()).toEqual(['checkpoint-algo-1-epoch-000010.json', 'checkpoint-algo-1-epoch-000020.json']);
    await expect(fs.access(path.join(dir, 'output', 'failure'))).rejects.toThrow();
  });

  test('fails when a channel is missing: output/failure says which, exit code is non-zero', async () => {
    const dir = await root({});
    await fs.rm(path.join(dir, 'input', 'data', 'validation'), { recursive: true });
    const { code } = await train(dir);
    expect(code).toBe(1);
    expect(await fs.readFile(path.join(dir, 'output', 'failure'), 'utf8')).toMatch(/^channel 'validation' has no data: .*input\/data\/validation does not exist/);
  });

  test('fails when hyperparameters are invalid, listing each problem in output/failure', async () => {
    const dir = await root({ hyperparameters: { epochs: 'ten', learning_rat: '0.1' } });
    const { code } = await train(dir);
    expect(code).toBe(1);
    const failure = await fs.readFile(path.join(dir, 'output', 'failure'), 'utf8');
    expect(failure).toContain('invalid hyperparameters:');
    expect(failure).toContain(`epochs: 'ten' is not a whole number`);
    expect(failure).toContain(`learning_rat: unknown hyperparameter; did you mean 'learning_rate'?`);
  });

  test('fails with a usage message when the argument is not train', async () => {
    const { code, output } = await runProgram(TRAINING_MAIN, 'serve', { SM_ROOT: '/nonexistent' });
    expect(code).toBe(2);
    expect(output).toContain('unexpected arguments: serve');
  });

  test('stops on SIGTERM after a checkpoint, resumes from the newest one, and ends with the same model as an unbroken run', async () => {
    const props = { generatedRows: 15_000, hyperparameters: { epochs: '16', checkpoint_every_epochs: '2' } };
    const [unbroken, interrupted] = await Promise.all([root(props), root(props)]);
    const reference = train(unbroken);
    const first = startProgram(TRAINING_MAIN, 'train', { SM_ROOT: interrupted });
    await first.waitForLine(/^checkpoint: saved /);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(143);
    expect(first.lines).toContainEqual(expect.stringMatching(/^stop: SIGTERM received/));
    await expect(fs.access(path.join(interrupted, 'model'))).rejects.toThrow();
    const kept = (await fs.readdir(path.join(interrupted, 'checkpoints'))).sort();
    const newest = kept[kept.length - 1];
    const stoppedAt = Number(/epoch-(\d+)/.exec(newest)?.[1]);
    expect(stoppedAt).toBeGreaterThanOrEqual(2);
    expect(stoppedAt).toBeLessThan(16);

    const second = await train(interrupted);
    expect(second.code).toBe(0);
    expect(second.output).toContain(`resume: resumed from checkpoint ${newest} (epoch ${stoppedAt}); continuing at epoch ${stoppedAt + 1} of 16`);
    expect((await reference).code).toBe(0);
    expect(await modelText(interrupted)).toBe(await modelText(unbroken));
  });

  test('skips a corrupt newest checkpoint and resumes from the one before', async () => {
    const dir = await root({ hyperparameters: { epochs: '4', checkpoint_every_epochs: '2' } });
    expect((await train(dir)).code).toBe(0);
    const newest = path.join(dir, 'checkpoints', 'checkpoint-algo-1-epoch-000004.json');
    const text = await fs.readFile(newest, 'utf8');
    await fs.writeFile(newest, text.slice(0, text.length / 2));
    await fs.writeFile(path.join(dir, 'input', 'config', 'hyperparameters.json'), JSON.stringify({ epochs: '6', checkpoint_every_epochs: '2', feature_names: 'sepal_length,sepal_width,petal_length,petal_width' }));
    const resumed = await train(dir);
    expect(resumed.code).toBe(0);
    expect(resumed.output).toContain('resume: skipping checkpoint-algo-1-epoch-000004.json: its sha256 does not match its content (truncated or corrupt); trying the one before');
    expect(resumed.output).toContain('resume: resumed from checkpoint checkpoint-algo-1-epoch-000002.json (epoch 2); continuing at epoch 3 of 6');

    const fresh = await root({ hyperparameters: { epochs: '6', checkpoint_every_epochs: '2' } });
    expect((await train(fresh)).code).toBe(0);
    expect(await modelText(dir)).toBe(await modelText(fresh));
  });
});
