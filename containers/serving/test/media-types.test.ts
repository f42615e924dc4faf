import { HttpError } from '../src/http-error';
import { requestFormat, responseFormat } from '../src/media-types';

describe('media types', () => {
  test('reads CSV and JSON content types, with parameters and any case', () => {
    expect(requestFormat('text/csv')).toBe('csv');
    expect(requestFormat('Text/CSV; charset=utf-8')).toBe('csv');
    expect(requestFormat('application/json;charset=UTF-8')).toBe('json');
  });

  test('fails with 415 on unknown or missing content types', () => {
    expect(() => requestFormat('text/plain')).toThrow(HttpError);
    expect(() => requestFormat(undefined)).toThrow(/unsupported media type: no Content-Type; send text\/csv/);
  });

  test('answers in the request format unless Accept asks otherwise', () => {
    expect(responseFormat(undefined, 'csv')).toBe('csv');
    expect(responseFormat('*/*', 'json')).toBe('json');
    expect(responseFormat('application/json', 'csv')).toBe('json');
    expect(responseFormat('text/html, application/json;q=0.5, text/csv;q=0.9', 'json')).toBe('csv');
    expect(responseFormat('application/*', 'csv')).toBe('json');
    expect(responseFormat('text/csv;q=0, */*;q=0.1', 'csv')).toBe('csv');
  });

  test('answers JSON Lines, the form the Clarify explainer reads, only when Accept asks for it', () => {
    expect(responseFormat('application/jsonlines', 'csv')).toBe('jsonlines');
    expect(responseFormat('application/jsonlines;q=0.9, text/csv;q=0.5', 'csv')).toBe('jsonlines');
    expect(responseFormat('application/*', 'csv')).toBe('json');
    expect(() => requestFormat('application/jsonlines')).toThrow(expect.objectContaining({ status: 415 }));
  });

  test('fails with 406 when nothing acceptable is supported', () => {
    expect(() => responseFormat('application/xml', 'csv')).toThrow(expect.objectContaining({ status: 406 }));
  });
});
