import { mediaType, requestFormat, responseFormat } from '../src/media-types';
import { invocationHeaders } from '../src/request-headers';
import { errorOf } from './http-error-of';

describe('requestFormat', () => {
  test('reads the exact types, and types with parameters, spaces or capitals', () => {
    expect(['text/csv', 'application/json', ' TEXT/CSV ', 'Application/JSON; charset=utf-8', 'text/csv;header=absent'].map(requestFormat)).toEqual(['csv', 'json', 'csv', 'json', 'csv']);
  });

  test('fails with 415 naming the type sent and the types it reads', () => {
    expect(errorOf(() => requestFormat('text/plain; charset=utf-8'))).toEqual({
      status: 415,
      body: { error: "unsupported media type: Content-Type 'text/plain; charset=utf-8'; send text/csv (one row per line, features only) or application/json", supported: 'text/csv, application/json' },
    });
    expect(errorOf(() => requestFormat(undefined)).body).toMatchObject({ error: 'unsupported media type: no Content-Type; send text/csv (one row per line, features only) or application/json' });
    expect(errorOf(() => requestFormat('')).body).toMatchObject({ error: "unsupported media type: Content-Type ''; send text/csv (one row per line, features only) or application/json" });
  });

  test('names the type of each format', () => {
    expect([mediaType('csv'), mediaType('json'), mediaType('jsonlines')]).toEqual(['text/csv', 'application/json', 'application/jsonlines']);
  });
});

describe('responseFormat', () => {
  test('answers in the request\'s format when Accept is absent, empty or any type', () => {
    expect([responseFormat(undefined, 'json'), responseFormat('', 'json'), responseFormat('*/*', 'json'), responseFormat('*/*', 'csv')]).toEqual(['json', 'json', 'json', 'csv']);
  });

  test('answers the one type asked for, also with capitals and parameters', () => {
    expect(['text/csv', 'application/json', 'application/jsonlines', 'TEXT/CSV', 'application/json; charset=utf-8', ' application/jsonlines '].map((a) => responseFormat(a, 'json'))).toEqual(['csv', 'json', 'jsonlines', 'csv', 'json', 'jsonlines']);
  });

  test('reads text/* as CSV, application/* as JSON and */* among others as the request\'s format', () => {
    expect(responseFormat('text/*', 'json')).toBe('csv');
    expect(responseFormat('application/*', 'csv')).toBe('json');
    expect(responseFormat('image/png, */*;q=0.5', 'csv')).toBe('csv');
  });

  test('takes the highest q, the first of equal ones, and q 1 when none is given', () => {
    expect(responseFormat('text/csv;q=0.4, application/json;q=0.6', 'csv')).toBe('json');
    expect(responseFormat('application/json;q=0.6, text/csv;q=0.4', 'csv')).toBe('json');
    expect(responseFormat('application/json;q=0.5, text/csv;q=0.5', 'csv')).toBe('json');
    expect(responseFormat('text/csv;q=0.5, application/json;q=0.5', 'json')).toBe('csv');
    expect(responseFormat('application/json;q=0.9, text/csv', 'json')).toBe('csv');
    expect(responseFormat('text/csv;level=1, application/json;q=0.9', 'json')).toBe('csv');
    expect(responseFormat('text/csv ; q = 0.8 , application/json;q=0.7', 'json')).toBe('csv');
    expect(responseFormat('text/csv; q=0.5, application/json;q=0.7', 'csv')).toBe('json');
  });

  test('ignores a type refused with q 0, or with a q that is not a number', () => {
    expect(responseFormat('text/csv;q=0, application/json;q=0.1', 'csv')).toBe('json');
    expect(responseFormat('text/csv;q=x, application/json;q=0.1', 'csv')).toBe('json');
    expect(responseFormat('text/csv;q=-1, application/json;q=0.1', 'csv')).toBe('json');
  });

  test('fails with 406 when every acceptable type is unsupported or refused, listing the supported types', () => {
    const refused = {
      status: 406,
      body: { error: "cannot answer with Accept 'text/csv;q=0, application/json;q=0'; this server answers text/csv, application/json or application/jsonlines", supported: 'text/csv, application/json, application/jsonlines' },
    };
    expect(errorOf(() => responseFormat('text/csv;q=0, application/json;q=0', 'csv'))).toEqual(refused);
    expect(errorOf(() => responseFormat('application/xml, text/html', 'csv')).status).toBe(406);
  });
});

describe('invocationHeaders', () => {
  test('reads each header once at any position, and a value of any length', () => {
    expect(invocationHeaders(['accept', '*/*', 'X-Amzn-Trace', 'a', 'Content-Length', '0', 'Content-Type', 'application/json; charset=utf-8'])).toEqual({
      contentLength: '0', contentType: 'application/json; charset=utf-8', accept: '*/*',
    });
  });

  test('keeps the first of a repeated Content-Length and Accept', () => {
    expect(invocationHeaders(['Content-Length', '5', 'Accept', 'text/csv', 'content-length', '9', 'accept', 'application/json'])).toEqual({ contentLength: '5', contentType: undefined, accept: 'text/csv' });
  });

  test('ignores names of the same lengths that are other headers', () => {
    expect(invocationHeaders(['Content-Range', 'x', 'X-Content-Len1', '3', 'X-Type-Check', 'y', 'Origin', 'z'])).toEqual({ contentLength: undefined, contentType: undefined, accept: undefined });
  });
});
