import { escapeHtml as h } from './escape';
import type { ComplianceReport, SourceLocation } from './model';
import { sourceUrl } from './source-link';
import { formatLocation } from './source-location';

/** a right-aligned number cell, highlighted when above zero. */
export function num(n: number, highlight: '' | 'bad' | 'warn' = ''): string {
  return `<td class="num${highlight && n > 0 ? ` ${highlight}` : ''}">${n}</td>`;
}

/** a construct path, escaped, that may wrap after each `/`. */
export function path(text: string): string {
  return h(text).replace(/\//g, '/<wbr>');
}

/** a small coloured label. */
export function pill(kind: string, label: string = kind): string {
  return `<span class="pill ${h(kind)}">${h(label)}</span>`;
}

/** `file:line`, linked to the file at the commit when the repository is known. */
export function sourceLocation(report: ComplianceReport, location: SourceLocation | undefined): string {
  if (!location) return '<span class="sub">not recorded</span>';
  const text = `<code>${h(formatLocation(location))}</code>`;
  const url = sourceUrl(report.repository, report.commit, location);
  return url ? `<a href="${h(url)}">${text}</a>` : text;
}
