import { parseJsonRows } from '../src/json-rows';
import { errorOf } from './http-error-of';

const schema = { featureNames: ['a', 'b', 'c'], featureIndex: new Map([['a', 0], ['b', 1], ['c', 2]]) };
const one = { featureNames: ['x'], featureIndex: new Map([['x', 0]]) };
const SHAPES = 'send one row as [5.1, 3.5, 1.4, 0.2], many as [[...], [...]], or {"instances": [...]} whose rows are arrays or objects keyed by feature name';

const rowsOf = (text: string, s = schema) => {
  const rows = parseJsonRows(text, s);
  return [rows.rowCount, Array.from(rows.values)];
};

describe('parseJsonRows: the shapes of a body', () => {
  test('reads one row, a list of rows, a list of keyed rows and instances of either', () => {
    expect(rowsOf('[1,2,3]')).toEqual([1, [1, 2, 3]]);
    expect(rowsOf('[[1,2,3],[4,5,6]]')).toEqual([2, [1, 2, 3, 4, 5, 6]]);
    expect(rowsOf('[{"a":1,"b":2,"c":3},{"c":6,"b":5,"a":4}]')).toEqual([2, [1, 2, 3, 4, 5, 6]]);
    expect(rowsOf('{"instances":[[1,2,3],[4,5,6]]}')).toEqual([2, [1, 2, 3, 4, 5, 6]]);
    expect(rowsOf('{"instances":[[1,2,3],{"a":4,"b":5,"c":6}]}')).toEqual([2, [1, 2, 3, 4, 5, 6]]);
  });

  test('reads a one-feature row, and a list of one-feature rows', () => {
    expect(rowsOf('[7]', one)).toEqual([1, [7]]);
    expect(rowsOf('[[7],[8]]', one)).toEqual([2, [7, 8]]);
  });

  test('takes a list that starts with null as one row', () => {
    expect(errorOf(() => parseJsonRows('[null]', one)).body).toEqual({ error: 'row 1, column 1 (x): expected a finite number, got null', row: 1, column: 1, columnName: 'x' });
  });

  test('fails when the body is not JSON, with the parser\'s reason and the shapes', () => {
    expect(errorOf(() => parseJsonRows('[1,2', schema))).toEqual({ status: 400, body: { error: expect.stringMatching(new RegExp(`^the body is not valid JSON \\(.+\\); ${SHAPES.replace(/[[\]{}().]/g, '\\$&')}$`)) } });
  });

  test.each([
    ['5', 'number 5'],
    ['true', 'boolean true'],
    ['null', 'null'],
    [`"${'s'.repeat(50)}"`, `string "${'s'.repeat(40)}"`],
    ['{"instances":{"a":1}}', 'an object'],
    ['{"rows":[[1,2,3]]}', 'an object'],
  ])('fails when the body is %s, saying what it is and the shapes', (body, what) => {
    expect(errorOf(() => parseJsonRows(body, schema))).toEqual({ status: 400, body: { error: `the JSON body is ${what}; ${SHAPES}` } });
  });

  test.each(['[]', '{"instances":[]}'])('fails when the body %s has no rows', (body) => {
    expect(errorOf(() => parseJsonRows(body, schema))).toEqual({ status: 400, body: { error: `the body has no rows; ${SHAPES}` } });
  });
});

describe('parseJsonRows: bad rows', () => {
  test('fails when a row is longer or shorter, numbering rows from 1', () => {
    expect(errorOf(() => parseJsonRows('[[1,2,3],[1,2,3,4]]', schema)).body).toEqual({ error: 'row 2: has 4 values, expected 3 (a, b, c)', row: 2, columns: 4, expected: 3 });
    expect(errorOf(() => parseJsonRows('{"instances":[[1,2]]}', schema)).body).toEqual({ error: 'row 1: has 2 values, expected 3 (a, b, c)', row: 1, columns: 2, expected: 3 });
  });

  test.each([
    ['[[1,2,3],[4,5,null]]', 'row 2, column 3 (c): expected a finite number, got null'],
    ['[[1,[2],3]]', 'row 1, column 2 (b): expected a finite number, got an array'],
    ['[[{"v":1},2,3]]', 'row 1, column 1 (a): expected a finite number, got an object'],
    ['[[1,2,true]]', 'row 1, column 3 (c): expected a finite number, got boolean true'],
    ['[[1,2,1e400]]', 'row 1, column 3 (c): expected a finite number, got number Infinity'],
    ['[{"a":1,"b":"2","c":3}]', 'row 1, column 2 (b): expected a finite number, got string "2"'],
    ['[{"a":1,"b":2,"c":-1e400}]', 'row 1, column 3 (c): expected a finite number, got number -Infinity'],
    ['[{"a":1,"c":3}]', 'row 1, column 2 (b): is missing'],
  ])('fails when a value is not a finite number: %s', (body, error) => {
    expect(errorOf(() => parseJsonRows(body, schema)).body).toMatchObject({ error });
  });

  test('fails when a keyed row names an unknown feature, even with every feature present', () => {
    expect(errorOf(() => parseJsonRows('{"instances":[{"a":1,"b":2,"c":3},{"a":1,"b":2,"c":3,"e":5}]}', schema)).body).toEqual({
      error: "row 2: unknown feature 'e'; the features are a, b, c", row: 2, feature: 'e',
    });
  });

  test('fails when a row of a list is neither a list nor an object', () => {
    expect(errorOf(() => parseJsonRows('[[1,2,3],5]', schema)).body).toEqual({ error: 'row 2: expected an array of numbers or an object keyed by feature name, got number 5', row: 2 });
    expect(errorOf(() => parseJsonRows('{"instances":[null]}', schema)).body).toEqual({ error: 'row 1: expected an array of numbers or an object keyed by feature name, got null', row: 1 });
    expect(errorOf(() => parseJsonRows('{"instances":["1,2,3"]}', schema)).body).toEqual({ error: 'row 1: expected an array of numbers or an object keyed by feature name, got string "1,2,3"', row: 1 });
  });
});
