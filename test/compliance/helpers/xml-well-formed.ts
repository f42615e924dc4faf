const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const ATTRIBUTE_VALUE = String.raw`"(?:[^"<&]|&(?:amp|lt|gt|quot|apos);)*"`;
const TAG = new RegExp(String.raw`<(/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+=${ATTRIBUTE_VALUE})*)\s*(/?)>`, 'g');
const TEXT = /^(?:[^<>&]|&(?:amp|lt|gt|quot|apos);)*$/;

/**
 * the well-formedness errors of an XML document that uses only elements, attributes and the five
 * predefined entities (as the JUnit report does): bad prolog, markup or `&` in text or attributes,
 * unbalanced or crossed tags, or more than one root. Empty when well formed.
 */
export function xmlErrors(xml: string): string[] {
  const errors: string[] = [];
  if (!xml.startsWith(PROLOG)) errors.push('missing the UTF-8 XML prolog');
  const body = xml.slice(PROLOG.length);
  const open: string[] = [];
  let roots = 0;
  let last = 0;
  for (const match of body.matchAll(TAG)) {
    const between = body.slice(last, match.index);
    if (!TEXT.test(between)) errors.push(`unescaped markup in text near offset ${match.index}: ${JSON.stringify(between.slice(0, 60))}`);
    if (open.length === 0 && between.trim() !== '') errors.push(`text outside the root element: ${JSON.stringify(between.trim().slice(0, 60))}`);
    const [, closing, name, , selfClosing] = match;
    if (closing) {
      const expected = open.pop();
      if (expected !== name) errors.push(`</${name}> closes <${expected ?? 'nothing'}>`);
    } else {
      if (open.length === 0) roots++;
      if (!selfClosing) open.push(name);
    }
    last = (match.index ?? 0) + match[0].length;
  }
  const tail = body.slice(last);
  if (tail.trim() !== '') errors.push(`unparsed content at the end: ${JSON.stringify(tail.slice(0, 60))}`);
  if (open.length > 0) errors.push(`unclosed elements: ${open.join(', ')}`);
  if (roots !== 1) errors.push(`${roots} root elements`);
  return errors;
}
