import { Matrix } from 'ml-matrix';
import { prepareData } from '../src/labelled-data';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, parseModelArtifact, serializeModelArtifact } from '../src/model-artifact';
import type { ModelArtifact } from '../src/model-artifact';
import { Predictor } from '../src/predictor';
import { softmaxRows } from '../src/softmax-regression';

const artifact: ModelArtifact = {
  format: MODEL_FORMAT,
  formatVersion: MODEL_FORMAT_VERSION,
  featureNames: ['a', 'b'],
  classes: ['no', 'yes', 'maybe'],
  standardization: { mean: [1, -2], std: [2, 0.5] },
  weights: [[0.3, -1.2, 0.1], [2, 0.5, -0.7]],
  bias: [0.1, -0.2, 0.05],
  training: { epochs: 3, hyperparameters: { epochs: '3' }, metrics: { 'validation:accuracy': 1 } },
};

describe('Predictor', () => {
  test('matches the training-time computation (standardize, then weights and bias)', () => {
    const rows = [[3, -1], [0, 0], [-5, 4]];
    const predictor = Predictor.fromArtifact(artifact);
    const probabilities = new Float64Array(9);
    const predicted = new Int32Array(3);
    predictor.predict(Float64Array.from(rows.flat()), 3, probabilities, predicted);

    const data = prepareData({ features: rows, labels: ['no', 'no', 'no'] }, artifact.standardization, artifact.classes);
    const w = new Matrix([...artifact.weights.map((r) => [...r]), [...artifact.bias]]);
    const expected = softmaxRows(data.x.mmul(w));
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) expect(probabilities[r * 3 + c]).toBeCloseTo(expected.get(r, c), 12);
      expect(predicted[r]).toBe(expected.maxRowIndex(r)[1]);
    }
  });

  test('indexes features by name', () => {
    expect(Predictor.fromArtifact(artifact).featureIndex.get('b')).toBe(1);
  });
});

describe('model artifact', () => {
  test('round-trips through its text form', () => {
    expect(parseModelArtifact(serializeModelArtifact(artifact), 'model.json')).toEqual(artifact);
  });

  test('fails when the file is not JSON', () => {
    expect(() => parseModelArtifact('{', '/opt/ml/model/model.json')).toThrow(/^\/opt\/ml\/model\/model\.json is not valid JSON/);
  });

  test('fails when the format is foreign', () => {
    expect(() => parseModelArtifact(JSON.stringify({ ...artifact, format: 'xgboost' }), 'm.json')).toThrow('m.json: format is "xgboost", expected "softmax-regression"');
  });

  test('fails when the weights do not fit the features and classes', () => {
    expect(() => parseModelArtifact(JSON.stringify({ ...artifact, weights: [[1, 2, 3]] }), 'm.json')).toThrow('m.json: weights must be 2 rows (one per feature) of 3 finite numbers (one per class)');
  });

  test('fails when a standard deviation is not positive', () => {
    expect(() => parseModelArtifact(JSON.stringify({ ...artifact, standardization: { mean: [0, 0], std: [1, 0] } }), 'm.json')).toThrow(/standardization must hold 2 means and 2 positive standard deviations/);
  });
});
