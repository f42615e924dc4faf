import type { FeatureRows, FeatureSchema } from './feature-rows';
import { ValueBuffer } from './feature-rows';
import { HttpError, rowError } from './http-error';

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function countColumns(text: string, start: number, end: number): number {
  let count = 1;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 44) count++;
  return count;
}

/**
 * parses a text/csv body: one row per line, features only (no label, no header), numbers separated
 * by commas; blank lines are skipped and a cell may be wrapped in double quotes. Rows are numbered
 * by line. Any problem is a 400 naming the row and the column.
 */
export function parseCsvRows(text: string, schema: FeatureSchema): FeatureRows {
  const d = schema.featureNames.length;
  const buffer = ValueBuffer.shared(d);
  let rowCount = 0;
  let line = 0;
  let pos = 0;
  const length = text.length;
  while (pos < length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = length;
    line++;
    let lineEnd = end;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    if (!isBlank(text, pos, lineEnd)) {
      const columns = countColumns(text, pos, lineEnd);
      if (columns !== d) {
        const hint = columns === d + 1 ? '; send the features only, without the label column' : '';
        throw new HttpError(400, `row ${line}: has ${columns} columns, expected ${d} (${schema.featureNames.join(', ')})${hint}`, { row: line, columns, expected: d });
      }
      let cellStart = pos;
      for (let col = 0; col < d; col++) {
        let cellEnd = text.indexOf(',', cellStart);
        if (cellEnd === -1 || cellEnd > lineEnd) cellEnd = lineEnd;
        let a = cellStart;
        let b = cellEnd;
        while (a < b && (text.charCodeAt(a) === 32 || text.charCodeAt(a) === 9)) a++;
        while (b > a && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9)) b--;
        if (b - a >= 2 && text.charCodeAt(a) === 34 && text.charCodeAt(b - 1) === 34) {
          a++;
          b--;
        }
        if (a === b) throw rowError(line, col + 1, schema.featureNames[col], 'the value is empty; every feature needs a number');
        const value = Number(text.slice(a, b));
        if (!Number.isFinite(value)) throw rowError(line, col + 1, schema.featureNames[col], `'${text.slice(a, b).slice(0, 40)}' is not a finite number`);
        buffer.set(rowCount * d + col, value);
        cellStart = cellEnd + 1;
      }
      rowCount++;
    }
    pos = end + 1;
  }
  if (rowCount === 0) throw new HttpError(400, 'the body has no rows; send one row of comma-separated feature values per line');
  return { values: buffer.view(), rowCount };
}
