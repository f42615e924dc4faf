import { formatAge, formatDuration, formatTimestamp, formatUntil } from '../../../cli/lib/release/time-format';

describe('formatDuration', () => {
  test.each([
    [0, '0s'],
    [999, '0s'],
    [9_000, '9s'],
    [4 * 60_000 + 12_000, '4m 12s'],
    [2 * 3_600_000 + 5 * 60_000 + 59_000, '2h 5m'],
    [3 * 86_400_000 + 4 * 3_600_000 + 30 * 60_000, '3d 4h'],
    [2 * 3_600_000 + 7_000, '2h'],
    [86_400_000, '1d'],
    [-5_000, '0s'],
  ])('%d ms is "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('timestamps', () => {
  const now = new Date('2026-05-04T12:00:00Z');

  test('a timestamp is UTC to the minute', () => {
    expect(formatTimestamp(new Date('2026-05-04T09:30:59.900Z'))).toBe('2026-05-04 09:30 UTC');
  });

  test('an age counts back from now', () => {
    expect(formatAge(new Date('2026-05-04T09:30:00Z'), now)).toBe('2h 30m ago');
  });

  test('a deadline ahead is "in", one passed is "ago"', () => {
    expect(formatUntil(new Date('2026-05-11T09:30:00Z'), now)).toBe('in 6d 21h');
    expect(formatUntil(new Date('2026-05-04T11:00:00Z'), now)).toBe('1h ago');
  });
});
