import { csvField, csvRecord, escapeHtml, escapeXml, markdownCell } from '../../cli/lib/report/escape';
import { parseCsv } from './helpers/parse-csv';
import { xmlErrors } from './helpers/xml-well-formed';

describe('csvField (RFC 4180)', () => {
  test('leaves plain text unquoted', () => {
    expect(csvField('AwsSolutions-IAM5[Action::s3:*]')).toBe('AwsSolutions-IAM5[Action::s3:*]');
  });

  test('quotes fields with commas, quotes, CR or LF and doubles the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\rtwo')).toBe('"one\rtwo"');
  });

  test('round-trips a record through an RFC 4180 parser', () => {
    const values = ['x', 'a,"b"', 'line\r\nbreak', '', '<&>'];
    expect(parseCsv(csvRecord(values))).toEqual([values]);
  });
});

describe('escapeHtml', () => {
  test('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('escapeXml', () => {
  test('escapes markup and drops characters XML 1.0 cannot hold', () => {
    expect(escapeXml(`a\u0000b\u0008c\u001Fd <&>"' \uD800 ok\tend`)).toBe('abcd &lt;&amp;&gt;&quot;&apos;  ok\tend');
  });

  test('keeps characters outside the basic plane', () => {
    expect(escapeXml('rocket \u{1F680}')).toBe('rocket \u{1F680}');
  });
});

describe('markdownCell', () => {
  test('escapes pipes and flattens line breaks', () => {
    expect(markdownCell('a|b\nc')).toBe('a\\|b c');
  });
});

describe('the test helpers', () => {
  test('xmlErrors fails when text holds a raw ampersand or tags cross', () => {
    const prolog = '<?xml version="1.0" encoding="UTF-8"?>\n';
    expect(xmlErrors(`${prolog}<a>x & y</a>`)).toHaveLength(1);
    expect(xmlErrors(`${prolog}<a><b></a></b>`)).not.toEqual([]);
    expect(xmlErrors(`${prolog}<a v="&amp;">&lt;ok&gt;<b/></a>`)).toEqual([]);
  });

  test('parseCsv fails when a field has an unquoted quote', () => {
    expect(() => parseCsv('a,b"c\r\n')).toThrow(/unquoted/);
  });
});
