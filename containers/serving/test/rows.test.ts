import { parseCsvRows } from '../src/csv-rows';
import { parseJsonRows } from '../src/json-rows';
import { errorOf } from './http-error-of';

const schema = { featureNames: ['a', 'b', 'c'], featureIndex: new Map([['a', 0], ['b', 1], ['c', 2]]) };

describe('parseCsvRows', () => {
  test('reads rows, skipping blank lines, trimming spaces, CRLF and quotes', () => {
    const rows = parseCsvRows('1,2,3\r\n\n 4 , "5",6e-1\n', schema);
    expect(rows.rowCount).toBe(2);
    expect(Array.from(rows.values)).toEqual([1, 2, 3, 4, 5, 0.6]);
  });

  test('fails when a value is not a number, naming row and column', () => {
    expect(errorOf(() => parseCsvRows('1,2,3\n4,x,6', schema))).toEqual({
      status: 400,
      body: { error: "row 2, column 2 (b): 'x' is not a finite number", row: 2, column: 2, columnName: 'b' },
    });
  });

  test('fails when a value is empty', () => {
    expect(errorOf(() => parseCsvRows('1,,3', schema)).body).toMatchObject({ error: 'row 1, column 2 (b): the value is empty; every feature needs a number' });
  });

  test('fails when a row has the label column too, and says to drop it', () => {
    expect(errorOf(() => parseCsvRows('setosa,1,2,3', schema)).body).toMatchObject({
      error: 'row 1: has 4 columns, expected 3 (a, b, c); send the features only, without the label column', row: 1,
    });
  });

  test('fails when the body has no rows', () => {
    expect(errorOf(() => parseCsvRows('\n \n', schema)).status).toBe(400);
  });

  test('fails on infinities', () => {
    expect(errorOf(() => parseCsvRows('1,Infinity,3', schema)).body).toMatchObject({ row: 1, column: 2 });
  });
});

describe('parseJsonRows', () => {
  test('reads one row, many rows, instances, and rows keyed by feature name', () => {
    expect(Array.from(parseJsonRows('[1,2,3]', schema).values)).toEqual([1, 2, 3]);
    expect(parseJsonRows('[[1,2,3],[4,5,6]]', schema).rowCount).toBe(2);
    expect(Array.from(parseJsonRows('{"instances":[{"c":3,"a":1,"b":2}]}', schema).values)).toEqual([1, 2, 3]);
  });

  test('fails when the body is not JSON', () => {
    expect(errorOf(() => parseJsonRows('{', schema)).body).toMatchObject({ error: expect.stringMatching(/^the body is not valid JSON/) });
  });

  test('fails when a value is a string, naming row and column', () => {
    expect(errorOf(() => parseJsonRows('[[1,2,3],[4,"5",6]]', schema)).body).toEqual({
      error: 'row 2, column 2 (b): expected a finite number, got string "5"', row: 2, column: 2, columnName: 'b',
    });
  });

  test('fails when a keyed row misses a feature or has an unknown one', () => {
    expect(errorOf(() => parseJsonRows('{"instances":[{"a":1,"b":2}]}', schema)).body).toMatchObject({ error: 'row 1, column 3 (c): is missing' });
    expect(errorOf(() => parseJsonRows('[{"a":1,"b":2,"c":3,"d":4}]', schema)).body).toMatchObject({ error: "row 1: unknown feature 'd'; the features are a, b, c" });
  });

  test('fails when a row has the wrong length or the shape is unknown', () => {
    expect(errorOf(() => parseJsonRows('[[1,2]]', schema)).body).toMatchObject({ error: 'row 1: has 2 values, expected 3 (a, b, c)' });
    expect(errorOf(() => parseJsonRows('{"rows":[]}', schema)).body).toMatchObject({ error: expect.stringMatching(/^the JSON body is an object; send one row as/) });
    expect(errorOf(() => parseJsonRows('[]', schema)).status).toBe(400);
  });
});
