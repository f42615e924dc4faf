import { parseCsvRows } from '../src/csv-rows';
import { ValueBuffer } from '../src/feature-rows';
import { errorOf } from './http-error-of';

const schema = { featureNames: ['a', 'b', 'c'], featureIndex: new Map([['a', 0], ['b', 1], ['c', 2]]) };
const one = { featureNames: ['x'], featureIndex: new Map([['x', 0]]) };

const values = (text: string, s = schema) => Array.from(parseCsvRows(text, s).values);

describe('parseCsvRows: lines and cells', () => {
  test('reads a last line without a newline, and every row in order', () => {
    const rows = parseCsvRows('1,2,3\n4,5,6\n7,8,9', schema);
    expect([rows.rowCount, Array.from(rows.values)]).toEqual([3, [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  test('skips lines of only spaces and tabs, and a line that is only a carriage return', () => {
    expect(values(' \t \n\r\n1,2,3\r\n\t\n')).toEqual([1, 2, 3]);
  });

  test('trims spaces and tabs on both sides of a cell', () => {
    expect(values('\t1 ,  2\t, \t3\t ')).toEqual([1, 2, 3]);
  });

  test('strips one pair of enclosing quotes, inside spaces too', () => {
    expect(values(' "1" ,"2",  "-3.5"  ')).toEqual([1, 2, -3.5]);
  });

  test('trims tabs before finding the quotes of a cell, on either side', () => {
    expect(values('\t"1",2,3')).toEqual([1, 2, 3]);
    expect(values('1,"2"\t,3')).toEqual([1, 2, 3]);
  });

  test('reads a one-feature body, one value a line', () => {
    const rows = parseCsvRows('1\n2\r\n3', one);
    expect([rows.rowCount, Array.from(rows.values)]).toEqual([3, [1, 2, 3]]);
  });

  test('reads many rows past the shared buffer\'s first size, and a later small body does not see them', () => {
    const body = Array.from({ length: 600 }, (_, i) => `${i},${i + 0.5},${-i}`).join('\n');
    const rows = parseCsvRows(body, schema);
    expect(rows.rowCount).toBe(600);
    expect(rows.values.length).toBe(1800);
    expect(Array.from(rows.values.subarray(1797))).toEqual([599, 599.5, -599]);
    expect(values('7,8,9')).toEqual([7, 8, 9]);
  });
});

describe('parseCsvRows: bad bodies', () => {
  test('fails when a row has fewer columns, numbering rows by line (blank lines count) and without the label hint', () => {
    expect(errorOf(() => parseCsvRows('1,2,3\n\n1,2', schema))).toEqual({ status: 400, body: { error: 'row 3: has 2 columns, expected 3 (a, b, c)', row: 3, columns: 2, expected: 3 } });
  });

  test('fails when a row has two extra columns, without the label hint', () => {
    expect(errorOf(() => parseCsvRows('1,2,3,4,5', schema)).body).toEqual({ error: 'row 1: has 5 columns, expected 3 (a, b, c)', row: 1, columns: 5, expected: 3 });
  });

  test('fails when a row has one extra column, saying to drop the label', () => {
    expect(errorOf(() => parseCsvRows('1,2,3\r\n1,2,3,4\r\n', schema)).body).toEqual({
      error: 'row 2: has 4 columns, expected 3 (a, b, c); send the features only, without the label column', row: 2, columns: 4, expected: 3,
    });
  });

  test('fails when a cell is only spaces, or only a pair of quotes, naming row, column and feature', () => {
    expect(errorOf(() => parseCsvRows('1,2, \t', schema)).body).toEqual({ error: 'row 1, column 3 (c): the value is empty; every feature needs a number', row: 1, column: 3, columnName: 'c' });
    expect(errorOf(() => parseCsvRows('"",2,3', schema)).body).toEqual({ error: 'row 1, column 1 (a): the value is empty; every feature needs a number', row: 1, column: 1, columnName: 'a' });
  });

  test('fails when a cell is a single quote, at the start of a row or inside it', () => {
    expect(errorOf(() => parseCsvRows('",2,3', schema)).body).toMatchObject({ error: `row 1, column 1 (a): '"' is not a finite number` });
    expect(errorOf(() => parseCsvRows('1,",3', schema)).body).toMatchObject({ error: `row 1, column 2 (b): '"' is not a finite number` });
  });

  test('fails when a quote does not close, quoting the cell as sent', () => {
    expect(errorOf(() => parseCsvRows('"1,2,3', schema)).body).toMatchObject({ error: `row 1, column 1 (a): '"1' is not a finite number` });
    expect(errorOf(() => parseCsvRows('1,2,3"', schema)).body).toMatchObject({ error: `row 1, column 3 (c): '3"' is not a finite number` });
  });

  test('fails when a value is not finite, quoting at most 40 characters of it', () => {
    const long = 'x'.repeat(50);
    expect(errorOf(() => parseCsvRows(`1,2,${long}`, schema)).body).toMatchObject({ error: `row 1, column 3 (c): '${'x'.repeat(40)}' is not a finite number` });
    expect(errorOf(() => parseCsvRows('-Infinity,2,3', schema)).body).toMatchObject({ error: "row 1, column 1 (a): '-Infinity' is not a finite number" });
    expect(errorOf(() => parseCsvRows('NaN,2,3', schema)).body).toMatchObject({ column: 1 });
  });

  test('fails when the body is empty or only blank lines, saying what a row looks like', () => {
    for (const body of ['', '\n', ' \r\n\t']) {
      expect(errorOf(() => parseCsvRows(body, schema))).toEqual({ status: 400, body: { error: 'the body has no rows; send one row of comma-separated feature values per line' } });
    }
  });
});

describe('ValueBuffer', () => {
  test('grows past its capacity keeping what was written, and views only what was written', () => {
    const buffer = new ValueBuffer(2);
    for (let i = 0; i < 20; i++) buffer.set(i, i * 10);
    expect(Array.from(buffer.view())).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
  });

  test('grows to a far index in one step and counts the values up to it', () => {
    const buffer = new ValueBuffer(1);
    buffer.set(0, 1);
    buffer.set(100, 2);
    const view = buffer.view();
    expect([view.length, view[0], view[50], view[100]]).toEqual([101, 1, 0, 2]);
  });

  test('rewriting an earlier index keeps the length', () => {
    const buffer = new ValueBuffer(8);
    buffer.set(3, 1);
    buffer.set(1, 2);
    expect(Array.from(buffer.view())).toEqual([0, 2, 0, 1]);
  });

  test('the shared buffer is emptied on every use and holds a large request', () => {
    const first = ValueBuffer.shared(4);
    first.set(0, 9);
    first.set(1, 9);
    const again = ValueBuffer.shared(5000);
    expect(again.view().length).toBe(0);
    again.set(4999, 1);
    expect(again.view().length).toBe(5000);
    expect(ValueBuffer.shared(1)).toBe(again);
  });
});
