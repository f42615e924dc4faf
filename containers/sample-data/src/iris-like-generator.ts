import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { gaussian, mulberry32 } from '../../model/src/prng';
import type { IrisRow } from './iris';

/** one class's fitted distribution. */
interface ClassModel {
  readonly label: string;
  readonly mean: number[];
  /** lower Cholesky factor of the covariance */
  readonly factor: Matrix;
}

function fitClass(label: string, rows: readonly IrisRow[]): ClassModel {
  const n = rows.length;
  const d = rows[0].features.length;
  const mean = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r.features[j] / n;
  const covariance = Matrix.zeros(d, d);
  for (const r of rows) {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) covariance.set(a, b, covariance.get(a, b) + ((r.features[a] - mean[a]) * (r.features[b] - mean[b])) / (n - 1));
    }
  }
  for (let a = 0; a < d; a++) covariance.set(a, a, covariance.get(a, a) + 1e-6);
  return { label, mean, factor: new CholeskyDecomposition(covariance).lowerTriangularMatrix };
}

/**
 * draws `count` iris-like rows: one multivariate normal per class, fitted (mean and covariance) to
 * `source`, sampled in turn for each class and rounded to 0.1 cm like the real measurements (and
 * kept >= 0.1). The signal is the real one, so accuracy on real held-out iris rows stays meaningful.
 * The same source, count and seed always give the same rows.
 */
export function generateIrisLike(source: readonly IrisRow[], count: number, seed: number): IrisRow[] {
  const labels = [...new Set(source.map((r) => r.label))].sort();
  const models = labels.map((label) => fitClass(label, source.filter((r) => r.label === label)));
  const normal = gaussian(mulberry32(seed));
  const rows: IrisRow[] = [];
  for (let i = 0; i < count; i++) {
    const model = models[i % models.length];
    const d = model.mean.length;
    const z = Array.from({ length: d }, () => normal());
    const features = model.mean.map((m, a) => {
      let value = m;
      for (let b = 0; b <= a; b++) value += model.factor.get(a, b) * z[b];
      return Math.max(0.1, Math.round(value * 10) / 10);
    });
    rows.push({ label: model.label, features });
  }
  return rows;
}
