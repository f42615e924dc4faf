/** one priced item of an estimate: quantity times unit price, rounded to cents. */
export interface CostLine {
  /** what is paid for, e.g. `endpoint ml.m5.large` */
  readonly item: string;
  /** how the quantity comes about, e.g. `1 instance x 1 variant x 730 h` */
  readonly basis: string;
  /** the billed quantity, in `unit`s */
  readonly quantity: number;
  /** what one unit is, e.g. `instance-hour`, `GB`, `key-month` */
  readonly unit: string;
  /** the price of one unit in USD, from the price table */
  readonly unitPriceUsd: number;
  /** quantity x unit price, rounded to whole cents */
  readonly monthlyCents: number;
}

/** a line whose monthly cost is quantity x unit price, rounded to cents. */
export function costLine(item: string, basis: string, quantity: number, unit: string, unitPriceUsd: number): CostLine {
  return { item, basis, quantity, unit, unitPriceUsd, monthlyCents: Math.round(quantity * unitPriceUsd * 100) };
}

/** the sum of lines, in cents (exact: every line is already whole cents). */
export function totalCents(lines: readonly { readonly monthlyCents: number }[]): number {
  return lines.reduce((sum, line) => sum + line.monthlyCents, 0);
}

/** cents as dollars with two decimals and thousands separators: `1,234.50`. */
export function formatUsd(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** a quantity without float noise: at most 4 decimals, thousands separators. */
export function formatQuantity(quantity: number): string {
  return quantity.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** `1 instance`, `2 instances`. */
export function plural(n: number, word: string): string {
  return `${formatQuantity(n)} ${word}${n === 1 ? '' : 's'}`;
}
