import { invocationHeaders } from '../src/request-headers';

describe('invocationHeaders', () => {
  test('finds the three headers in any case and keeps the first of a repeated one', () => {
    expect(invocationHeaders(['Host', 'x', 'Content-Type', 'text/csv', 'ACCEPT', 'application/json', 'content-length', '15', 'content-type', 'application/json'])).toEqual({
      contentLength: '15', contentType: 'text/csv', accept: 'application/json',
    });
  });

  test('leaves absent headers undefined and ignores look-alike names', () => {
    expect(invocationHeaders(['Content-Typo', 'x', 'Accepts', 'y'])).toEqual({ contentLength: undefined, contentType: undefined, accept: undefined });
  });
});
