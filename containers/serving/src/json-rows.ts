import type { FeatureRows, FeatureSchema } from './feature-rows';
import { ValueBuffer } from './feature-rows';
import { HttpError, rowError } from './http-error';

const SHAPES = 'send one row as [5.1, 3.5, 1.4, 0.2], many as [[...], [...]], or {"instances": [...]} whose rows are arrays or objects keyed by feature name';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function readRow(row: unknown, rowNumber: number, schema: FeatureSchema, buffer: ValueBuffer, offset: number): void {
  const d = schema.featureNames.length;
  if (Array.isArray(row)) {
    if (row.length !== d) throw new HttpError(400, `row ${rowNumber}: has ${row.length} values, expected ${d} (${schema.featureNames.join(', ')})`, { row: rowNumber, columns: row.length, expected: d });
    for (let c = 0; c < d; c++) {
      const value = row[c];
      if (typeof value !== 'number' || !Number.isFinite(value)) throw rowError(rowNumber, c + 1, schema.featureNames[c], `expected a finite number, got ${describe(value)}`);
      buffer.set(offset + c, value);
    }
    return;
  }
  if (typeof row === 'object' && row !== null) {
    const record = row as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!schema.featureIndex.has(key)) throw new HttpError(400, `row ${rowNumber}: unknown feature '${key}'; the features are ${schema.featureNames.join(', ')}`, { row: rowNumber, feature: key });
    }
    for (let c = 0; c < d; c++) {
      const name = schema.featureNames[c];
      const value = record[name];
      if (value === undefined) throw rowError(rowNumber, c + 1, name, 'is missing');
      if (typeof value !== 'number' || !Number.isFinite(value)) throw rowError(rowNumber, c + 1, name, `expected a finite number, got ${describe(value)}`);
      buffer.set(offset + c, value);
    }
    return;
  }
  throw new HttpError(400, `row ${rowNumber}: expected an array of numbers or an object keyed by feature name, got ${describe(row)}`, { row: rowNumber });
}

/**
 * parses an application/json body: one row (an array of numbers), a list of rows, or
 * `{"instances": rows}`; a row may also be an object keyed by feature name. Rows are numbered from 1.
 */
export function parseJsonRows(text: string, schema: FeatureSchema): FeatureRows {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `the body is not valid JSON (${(error as Error).message}); ${SHAPES}`);
  }
  let rows: unknown[];
  if (Array.isArray(parsed)) {
    rows = parsed.length > 0 && !Array.isArray(parsed[0]) && (typeof parsed[0] !== 'object' || parsed[0] === null) ? [parsed] : parsed;
  } else if (typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as Record<string, unknown>).instances)) {
    rows = (parsed as { instances: unknown[] }).instances;
  } else {
    throw new HttpError(400, `the JSON body is ${describe(parsed)}; ${SHAPES}`);
  }
  if (rows.length === 0) throw new HttpError(400, `the body has no rows; ${SHAPES}`);
  const d = schema.featureNames.length;
  const buffer = ValueBuffer.shared(rows.length * d);
  for (let r = 0; r < rows.length; r++) readRow(rows[r], r + 1, schema, buffer, r * d);
  return { values: buffer.view(), rowCount: rows.length };
}
