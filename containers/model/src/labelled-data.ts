import { Matrix } from 'ml-matrix';

/** rows of numeric features with a class label each, as read from a CSV channel. */
export interface LabelledRows {
  /** one array of feature values per row */
  readonly features: readonly (readonly number[])[];
  /** the class label of each row, as written in the data */
  readonly labels: readonly string[];
}

/** per-feature mean and standard deviation, computed on the training data and stored with the model. */
export interface Standardization {
  readonly mean: readonly number[];
  /** standard deviations; a constant feature gets 1 so it passes through unscaled */
  readonly std: readonly number[];
}

/** training-ready data: standardized design matrix with a trailing bias column, one-hot targets. */
export interface PreparedData {
  /** n x (features + 1); the last column is all ones (the bias input) */
  readonly x: Matrix;
  /** n x classes, one-hot */
  readonly y: Matrix;
  /** the class index of each row */
  readonly classIndex: Int32Array;
}

/** computes the mean and (population) standard deviation of each feature. */
export function computeStandardization(features: readonly (readonly number[])[]): Standardization {
  const n = features.length;
  const d = features[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const row of features) for (let j = 0; j < d; j++) mean[j] += row[j] / n;
  for (const row of features) for (let j = 0; j < d; j++) std[j] += ((row[j] - mean[j]) ** 2) / n;
  for (let j = 0; j < d; j++) std[j] = std[j] > 1e-12 ? Math.sqrt(std[j]) : 1;
  return { mean, std };
}

/** the distinct labels in sorted order: the class order of the model. */
export function distinctClasses(labels: readonly string[]): string[] {
  return [...new Set(labels)].sort();
}

/**
 * standardizes the rows and one-hot encodes their labels against `classes`.
 * Throws when a label is not one of `classes`, naming the row.
 */
export function prepareData(rows: LabelledRows, standardization: Standardization, classes: readonly string[]): PreparedData {
  const n = rows.features.length;
  const d = standardization.mean.length;
  const k = classes.length;
  const lookup = new Map(classes.map((name, i) => [name, i]));
  const x = new Matrix(n, d + 1);
  const y = Matrix.zeros(n, k);
  const classIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows.features[i];
    for (let j = 0; j < d; j++) x.set(i, j, (row[j] - standardization.mean[j]) / standardization.std[j]);
    x.set(i, d, 1);
    const label = rows.labels[i];
    const c = lookup.get(label);
    if (c === undefined) {
      throw new Error(`row ${i + 1} has label '${label}', which the training data does not contain; known labels: ${classes.join(', ')}`);
    }
    y.set(i, c, 1);
    classIndex[i] = c;
  }
  return { x, y, classIndex };
}
