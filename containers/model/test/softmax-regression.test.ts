import { Matrix } from 'ml-matrix';
import { computeStandardization, distinctClasses, prepareData } from '../src/labelled-data';
import { deriveSeed, mulberry32, permutation } from '../src/prng';
import { evaluate, initialWeights, learningRateAt, softmaxRows, trainEpoch } from '../src/softmax-regression';
import { splitIris } from '../../sample-data/src/iris';

const settings = { learningRate: 0.5, learningRateDecay: 0, batchSize: 16, l2: 1e-4, seed: 3 };

function irisData() {
  const { train, validation } = splitIris();
  const rows = (r: typeof train) => ({ features: r.map((x) => x.features), labels: r.map((x) => x.label) });
  const standardization = computeStandardization(rows(train).features);
  const classes = distinctClasses(rows(train).labels);
  return { train: prepareData(rows(train), standardization, classes), validation: prepareData(rows(validation), standardization, classes), classes };
}

describe('prng', () => {
  test('is a pure function of the seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(deriveSeed(7, 1)).not.toBe(deriveSeed(7, 2));
  });

  test('draws permutations', () => {
    const order = Array.from(permutation(50, mulberry32(1)));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('softmax regression', () => {
  test('softmax rows sum to one', () => {
    const p = softmaxRows(new Matrix([[1, 2, 3], [1000, 0, -1000]]));
    for (let i = 0; i < p.rows; i++) expect(p.getRow(i).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(p.get(1, 0)).toBeCloseTo(1, 12);
  });

  test('decays the learning rate by epoch', () => {
    expect(learningRateAt({ ...settings, learningRateDecay: 0.5 }, 3)).toBeCloseTo(0.25, 12);
  });

  test('learns iris: validation accuracy above 0.9 after 10 epochs', async () => {
    const { train, validation, classes } = irisData();
    let w = initialWeights(4, classes.length, settings.seed);
    const before = evaluate(w, validation);
    for (let epoch = 1; epoch <= 10; epoch++) w = (await trainEpoch(w, train, epoch, settings)) as Matrix;
    const after = evaluate(w, validation);
    expect(after.loss).toBeLessThan(before.loss / 2);
    expect(after.accuracy).toBeGreaterThan(0.9);
  });

  test('is deterministic: same seed and epoch, same weights, bit for bit', async () => {
    const { train } = irisData();
    const w = initialWeights(4, 3, settings.seed);
    const a = (await trainEpoch(w, train, 4, settings)) as Matrix;
    const b = (await trainEpoch(w, train, 4, settings)) as Matrix;
    expect(a.to2DArray()).toEqual(b.to2DArray());
    const c = (await trainEpoch(w, train, 4, { ...settings, seed: 4 })) as Matrix;
    expect(c.to2DArray()).not.toEqual(a.to2DArray());
  });

  test('returns undefined when the control abandons the epoch, leaving the input weights untouched', async () => {
    const { train } = irisData();
    const w = initialWeights(4, 3, 1);
    const copy = w.to2DArray();
    const result = await trainEpoch(w, train, 1, { ...settings, batchSize: 1 }, { yieldEveryMs: 0, shouldAbandon: (done) => done > 0.2 });
    expect(result).toBeUndefined();
    expect(w.to2DArray()).toEqual(copy);
  });

  test('fails to prepare rows whose label the training data lacks', () => {
    const s = computeStandardization([[1], [2]]);
    expect(() => prepareData({ features: [[1]], labels: ['c'] }, s, ['a', 'b'])).toThrow("row 1 has label 'c', which the training data does not contain; known labels: a, b");
  });
});
