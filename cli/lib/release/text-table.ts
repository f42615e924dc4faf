import { visibleWidth } from './style';

/**
 * lays out rows under headings in columns two spaces apart, padding by visible width so coloured
 * cells line up. The last column is not padded (no trailing spaces).
 */
export function textTable(headings: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [headings, ...rows];
  const widths = headings.map((_, i) => Math.max(...all.map((row) => visibleWidth(row[i] ?? ''))));
  return all.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - visibleWidth(cell))))
      .join('  ')
      .trimEnd(),
  );
}
