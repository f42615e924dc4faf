import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { irisRows, splitIris, toLabelledCsv } from '../src/iris';
import { generateIrisLike } from '../src/iris-like-generator';
import { writeTrainingInputs } from '../src/training-inputs';

function classMean(rows: ReturnType<typeof irisRows>, label: string, feature: number): number {
  const of = rows.filter((r) => r.label === label);
  return of.reduce((s, r) => s + r.features[feature], 0) / of.length;
}

describe('sample data', () => {
  test('splits the 150 iris rows 120/30, stratified, without overlap', () => {
    const { train, validation } = splitIris();
    expect([train.length, validation.length]).toEqual([120, 30]);
    for (const label of ['setosa', 'versicolor', 'virginica']) expect(validation.filter((r) => r.label === label)).toHaveLength(10);
    expect(irisRows()).toHaveLength(150);
  });

  test('generates the same iris-like rows for the same seed, following the real class means', () => {
    const { train } = splitIris();
    const a = generateIrisLike(train, 3000, 5);
    expect(generateIrisLike(train, 3000, 5)).toEqual(a);
    expect(generateIrisLike(train, 3000, 6)).not.toEqual(a);
    for (const label of ['setosa', 'virginica']) {
      expect(classMean(a, label, 2)).toBeCloseTo(classMean(train, label, 2), 1);
    }
    expect(a.every((r) => r.features.every((v) => v >= 0.1 && Math.round(v * 10) === v * 10))).toBe(true);
  });

  test('writes channels and config files as SageMaker lays them out', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'inputs-'));
    try {
      await writeTrainingInputs(root, { generatedRows: 30, hyperparameters: { epochs: '3' } });
      const config = (name: string) => fs.readFile(path.join(root, 'input', 'config', name), 'utf8').then(JSON.parse);
      expect(await config('hyperparameters.json')).toEqual({ feature_names: 'sepal_length,sepal_width,petal_length,petal_width', epochs: '3' });
      expect(Object.keys(await config('inputdataconfig.json'))).toEqual(['train', 'validation']);
      expect((await config('resourceconfig.json')).current_host).toBe('algo-1');
      const trainCsv = await fs.readFile(path.join(root, 'input', 'data', 'train', 'train.csv'), 'utf8');
      expect(trainCsv.trim().split('\n')).toHaveLength(30);
      expect(await fs.readFile(path.join(root, 'input', 'data', 'validation', 'validation.csv'), 'utf8')).toBe(toLabelledCsv(splitIris().validation));
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
