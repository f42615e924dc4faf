import { runInNewContext } from 'node:vm';
import { parse } from 'node-html-parser';
import type { HTMLElement } from 'node-html-parser';
import { FILTER_SCRIPT } from '../../cli/lib/report/html-filter';

type Listener = () => void;

/**
 * a page for the filter script: node-html-parser's tree, with the DOM properties the script uses
 * (`hidden`, `open`, `value`, `addEventListener`) mapped to attributes, as a browser reflects them.
 */
function page(html: string, hash = ''): { root: HTMLElement; type: (text: string) => void } {
  const root = parse(html);
  const listeners: Listener[] = [];
  const reflect = (el: HTMLElement, name: string) =>
    Object.defineProperty(el, name, {
      get: () => el.hasAttribute(name),
      set: (on: boolean) => (on ? el.setAttribute(name, '') : el.removeAttribute(name)),
    });
  for (const el of root.querySelectorAll('*')) {
    reflect(el, 'hidden');
    reflect(el, 'open');
  }
  const input = root.getElementById('filter') as HTMLElement & { value: string; addEventListener: (type: string, fn: Listener) => void };
  input.value = '';
  input.addEventListener = (type, fn) => {
    if (type === 'input') listeners.push(fn);
  };
  const document = { getElementById: (id: string) => root.getElementById(id), querySelectorAll: (s: string) => root.querySelectorAll(s) };
  runInNewContext(FILTER_SCRIPT, { document, location: { hash } });
  return {
    root,
    type: (text) => {
      input.value = text;
      for (const fn of listeners) fn();
    },
  };
}

const HTML = `<input id="filter"><span id="filter-count"></span>
<table data-filter-group><tbody><tr id="open1" data-filter-row><td>AwsSolutions-S1</td><td>Prod/Store/Reports</td></tr></tbody></table>
<details id="g1" data-filter-group><summary>AwsSolutions-IAM5 2 resources: reads the model bucket only</summary><table><tbody>
<tr id="r1" data-filter-row><td>Prod/Role/Policy</td><td>stages/a.ts:10</td></tr><tr id="r2" data-filter-row><td>Train/Role/Policy</td><td>stages/b.ts:20</td></tr>
</tbody></table></details>
<details id="g2" data-filter-group><summary>NIST.800.53.R5-S3BucketReplicationEnabled 1 resource: logs are an audit copy</summary><table><tbody>
<tr id="r3" data-filter-row><td>Prod/Store/AccessLogs</td><td>stages/c.ts:30</td></tr>
</tbody></table></details>`;

const shown = (root: HTMLElement) => root.querySelectorAll('[data-filter-row]').filter((r) => !r.hasAttribute('hidden')).map((r) => r.id);

describe('the filter box script', () => {
  test('hides the rows that do not contain the query, and the groups left empty, and opens the others', () => {
    const { root, type } = page(HTML);
    type('b.ts');
    expect(shown(root)).toEqual(['r2']);
    expect([root.getElementById('g1')?.hasAttribute('open'), root.getElementById('g1')?.hasAttribute('hidden'), root.getElementById('g2')?.hasAttribute('hidden')]).toEqual([true, false, true]);
    expect(root.getElementById('filter-count')?.text).toBe('1 matching rows');
  });

  test('keeps every row of a group whose rule or reason matches, ignoring case', () => {
    const { root, type } = page(HTML);
    type('AUDIT COPY');
    expect(shown(root)).toEqual(['r3']);
    type('store');
    expect(shown(root)).toEqual(['open1', 'r3']);
  });

  test('shows everything again when the query is cleared', () => {
    const { root, type } = page(HTML);
    type('nothing matches this');
    expect(shown(root)).toEqual([]);
    type('');
    expect(shown(root)).toEqual(['open1', 'r1', 'r2', 'r3']);
    expect(root.querySelectorAll('[data-filter-group][hidden]')).toEqual([]);
    expect(root.getElementById('filter-count')?.text).toBe('');
  });

  test('takes a query from the address (#q=...)', () => {
    const { root } = page(HTML, '#q=IAM5');
    expect(shown(root)).toEqual(['r1', 'r2']);
  });
});
