import { createHash } from 'node:crypto';

/**
 * the filter box's script, inlined so the page works offline: it hides the rows (`data-filter-row`)
 * whose text, or whose group's summary, does not contain the query, and hides and opens the groups
 * (`data-filter-group`) accordingly. A query can also come from the address: `index.html#q=S1`.
 */
export const FILTER_SCRIPT = `(function () {
  var input = document.getElementById('filter');
  var count = document.getElementById('filter-count');
  if (!input) return;
  function has(el, q) { return !!el && el.textContent.toLowerCase().indexOf(q) !== -1; }
  function apply() {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll('[data-filter-row]').forEach(function (row) {
      var group = row.closest('[data-filter-group]');
      var hit = !q || has(row, q) || (!!group && has(group.querySelector('summary'), q));
      row.hidden = !hit;
      if (hit) shown++;
    });
    document.querySelectorAll('[data-filter-group]').forEach(function (group) {
      var any = !!group.querySelector('[data-filter-row]:not([hidden])');
      group.hidden = !any;
      if (q && group.tagName === 'DETAILS') group.open = any;
    });
    count.textContent = q ? shown + ' matching rows' : '';
  }
  var m = /[#&]q=([^&]*)/.exec(location.hash);
  if (m) input.value = decodeURIComponent(m[1]);
  input.addEventListener('input', apply);
  apply();
})();`;

/** a CSP source for inline content: `'sha256-<base64>'`. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/** the page's Content-Security-Policy: nothing loads; only the inlined stylesheet and filter script run. */
export function contentSecurityPolicy(style: string): string {
  return `default-src 'none'; style-src ${cspHash(style)}; script-src ${cspHash(FILTER_SCRIPT)}; img-src 'none'; base-uri 'none'; form-action 'none'`;
}
