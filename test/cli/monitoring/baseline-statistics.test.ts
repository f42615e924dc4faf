import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localBaseline } from '../../../cli/lib/local/baseline-step';
import { baselineFigures, baselineOf, DISTRIBUTION_BUCKETS } from '../../../cli/lib/monitoring/baseline-statistics';
import type { FeatureStatistics } from '../../../cli/lib/monitoring/baseline-statistics';
import { IRIS_FEATURE_NAMES, irisRows, splitIris, toLabelledCsv } from '../../../containers/sample-data/src/iris';
import { writeTrainingInputs } from '../../../containers/sample-data/src/training-inputs';

/*
 * The local data-quality baseline of the sample model: Model Monitor's statistics.json and
 * constraints.json fields, checked on the iris data against figures computed elsewhere.
 */

type Numeric = Extract<FeatureStatistics, { numerical_statistics: unknown }>;
const numeric = (f: FeatureStatistics): Numeric['numerical_statistics'] => {
  if (!('numerical_statistics' in f)) throw new Error(`${f.name} is not numeric`);
  return f.numerical_statistics;
};

describe('the baseline of the iris data', () => {
  test('the 150 rows match the published summary statistics of the iris data (UCI iris.names: min, max, mean, SD)', () => {
    const { statistics } = baselineOf(toLabelledCsv(irisRows()));
    expect(statistics.dataset.item_count).toBe(150);
    const published = [
      { min: 4.3, max: 7.9, mean: 5.84, sd: 0.83 },
      { min: 2.0, max: 4.4, mean: 3.05, sd: 0.43 },
      { min: 1.0, max: 6.9, mean: 3.76, sd: 1.76 },
      { min: 0.1, max: 2.5, mean: 1.2, sd: 0.76 },
    ];
    published.forEach((p, i) => {
      const n = numeric(statistics.features[i + 1]);
      expect([n.min, n.max]).toEqual([p.min, p.max]);
      expect(n.mean).toBeCloseTo(p.mean, 1);
      // the published SD is the sample SD; Model Monitor's std_dev is the population SD
      expect(n.std_dev * Math.sqrt(150 / 149)).toBeCloseTo(p.sd, 1);
    });
  });

  test('the 120 training rows of the sample model: the statistics.json fields with their figures', () => {
    const { statistics } = baselineOf(toLabelledCsv(splitIris().train));
    expect(statistics.version).toBe(0);
    expect(statistics.dataset).toEqual({ item_count: 120 });
    expect(statistics.features.map((f) => [f.name, f.inferred_type])).toEqual([
      ['_c0', 'String'],
      ['_c1', 'Fractional'],
      ['_c2', 'Fractional'],
      ['_c3', 'Fractional'],
      ['_c4', 'Fractional'],
    ]);
    expect(statistics.features[0]).toEqual({
      name: '_c0',
      inferred_type: 'String',
      string_statistics: {
        common: { num_present: 120, num_missing: 0 },
        distinct_count: 3,
        distribution: { categorical: { buckets: [{ value: 'setosa', count: 40 }, { value: 'versicolor', count: 40 }, { value: 'virginica', count: 40 }] } },
      },
    });
    // computed separately from the same 120 rows (population SD)
    const expected = [
      { mean: 5.7992, std_dev: 0.8087, min: 4.3, max: 7.9 },
      { mean: 3.035, std_dev: 0.4337, min: 2.2, max: 4.2 },
      { mean: 3.7325, std_dev: 1.7451, min: 1, max: 6.9 },
      { mean: 1.1833, std_dev: 0.7454, min: 0.1, max: 2.5 },
    ];
    expected.forEach((e, i) => {
      const n = numeric(statistics.features[i + 1]);
      expect(n.mean).toBeCloseTo(e.mean, 4);
      expect(n.std_dev).toBeCloseTo(e.std_dev, 4);
      expect([n.min, n.max]).toEqual([e.min, e.max]);
      expect(n.sum).toBeCloseTo(e.mean * 120, 2);
      expect(n.common).toEqual({ num_present: 120, num_missing: 0 });
      const buckets = n.distribution.kll.buckets;
      expect(buckets).toHaveLength(DISTRIBUTION_BUCKETS);
      expect(buckets.reduce((a, b) => a + b.count, 0)).toBe(120);
      expect([buckets[0].lower_bound, buckets[DISTRIBUTION_BUCKETS - 1].upper_bound]).toEqual([e.min, e.max]);
    });
  });

  test('constraints.json: types, completeness, non-negative numbers, the label domain and the monitoring config', () => {
    const { constraints } = baselineOf(toLabelledCsv(splitIris().train));
    expect(constraints.version).toBe(0);
    expect(constraints.features[0]).toEqual({ name: '_c0', inferred_type: 'String', completeness: 1, string_constraints: { domains: ['setosa', 'versicolor', 'virginica'] } });
    expect(constraints.features.slice(1)).toEqual([1, 2, 3, 4].map((i) => ({ name: `_c${i}`, inferred_type: 'Fractional', completeness: 1, num_constraints: { is_non_negative: true } })));
    expect(constraints.monitoring_config).toEqual({
      evaluate_constraints: 'Enabled',
      emit_metrics: 'Enabled',
      datatype_check_threshold: 1,
      domain_content_threshold: 1,
      distribution_constraints: { perform_comparison: 'Enabled', comparison_threshold: 0.1, comparison_method: 'Robust' },
    });
  });

  test('the printed figures name each column with its meaning', () => {
    expect(baselineFigures(baselineOf(toLabelledCsv(splitIris().train)), ['label', ...IRIS_FEATURE_NAMES])).toEqual([
      '120 records, 5 columns',
      '_c0 (label): String, 3 values: setosa 40, versicolor 40, virginica 40',
      '_c1 (sepal_length): Fractional, mean 5.7992, std_dev 0.8087, min 4.3, max 7.9, missing 0',
      '_c2 (sepal_width): Fractional, mean 3.0350, std_dev 0.4337, min 2.2, max 4.2, missing 0',
      '_c3 (petal_length): Fractional, mean 3.7325, std_dev 1.7451, min 1, max 6.9, missing 0',
      '_c4 (petal_width): Fractional, mean 1.1833, std_dev 0.7454, min 0.1, max 2.5, missing 0',
    ]);
  });
});

describe('columns the analyzer would type otherwise', () => {
  test('whole numbers are Integral, missing cells count as missing and lower completeness, negatives are not non-negative', () => {
    const { statistics, constraints } = baselineOf('a,1,-0.5\nb,2,\na,3,1.5\n');
    expect(statistics.features.map((f) => f.inferred_type)).toEqual(['String', 'Integral', 'Fractional']);
    expect(numeric(statistics.features[2]).common).toEqual({ num_present: 2, num_missing: 1 });
    expect(constraints.features[2]).toEqual({ name: '_c2', inferred_type: 'Fractional', completeness: 2 / 3, num_constraints: { is_non_negative: false } });
  });

  test('fails when rows have different numbers of columns, naming the row', () => {
    expect(() => baselineOf('a,1,2\nb,1\n')).toThrow('row 2 has 2 columns but row 1 has 3; every row of the training data must have the same columns');
  });

  test('fails when the data set is empty', () => {
    expect(() => baselineOf('\n')).toThrow('the data set has no rows; a baseline needs the training data (a CSV with the label first)');
  });
});

describe('the local-mode baseline step', () => {
  test('reads the train channel local mode writes and writes statistics.json and constraints.json', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'baseline-'));
    try {
      await writeTrainingInputs(path.join(dir, 'train'));
      const lines: string[] = [];
      const result = await localBaseline(path.join(dir, 'train'), IRIS_FEATURE_NAMES, path.join(dir, 'baseline'), (l) => lines.push(l));
      expect(lines[0]).toBe('120 records, 5 columns');
      expect(lines).toContain('_c3 (petal_length): Fractional, mean 3.7325, std_dev 1.7451, min 1, max 6.9, missing 0');
      const written = JSON.parse(await fs.readFile(path.join(result.dir, 'statistics.json'), 'utf8'));
      expect(written).toEqual(JSON.parse(JSON.stringify(result.baseline.statistics)));
      const constraints = JSON.parse(await fs.readFile(path.join(result.dir, 'constraints.json'), 'utf8'));
      expect(constraints.monitoring_config.emit_metrics).toBe('Enabled');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('fails when the train channel has no CSV', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'baseline-'));
    try {
      await fs.mkdir(path.join(dir, 'input', 'data', 'train'), { recursive: true });
      await expect(localBaseline(dir, IRIS_FEATURE_NAMES, path.join(dir, 'out'), () => undefined)).rejects.toThrow(/has no \.csv file; the baseline is computed from the training data$/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
