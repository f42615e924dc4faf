import { costLine, formatQuantity, formatUsd, plural, totalCents } from '../../../cli/lib/cost/cost-line';

describe('cost lines', () => {
  test('a line costs quantity x unit price, rounded to whole cents', () => {
    expect(costLine('x', 'b', 730, 'instance-hour', 0.128).monthlyCents).toBe(9344);
    expect(costLine('x', 'b', 8, 'instance-hour', 0.0384).monthlyCents).toBe(31);
    expect(costLine('x', 'b', 0.5, 'GB', 0.01).monthlyCents).toBe(1);
  });

  test('a total is the exact sum of the rounded lines', () => {
    expect(totalCents([{ monthlyCents: 9344 }, { monthlyCents: 6 }, { monthlyCents: 11242 }])).toBe(20592);
  });

  test('dollars print with two decimals and thousands separators', () => {
    expect(formatUsd(0)).toBe('0.00');
    expect(formatUsd(6)).toBe('0.06');
    expect(formatUsd(123456789)).toBe('1,234,567.89');
    expect(formatUsd(-150)).toBe('-1.50');
  });

  test('quantities print without float noise', () => {
    expect(formatQuantity(10220)).toBe('10,220');
    expect(formatQuantity(0.1 + 0.2)).toBe('0.3');
    expect(plural(1, 'instance')).toBe('1 instance');
    expect(plural(3, 'AZ')).toBe('3 AZs');
  });
});
