const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * a duration as its two largest units: `3d 4h`, `2h 5m`, `4m 12s`, `9s`. Negative durations are
 * shown as 0s (clocks of caller and AWS can disagree by a little).
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND)) * SECOND;
  const parts: [number, string][] = [
    [Math.floor(total / DAY), 'd'],
    [Math.floor((total % DAY) / HOUR), 'h'],
    [Math.floor((total % HOUR) / MINUTE), 'm'],
    [Math.floor((total % MINUTE) / SECOND), 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0s';
  return parts
    .slice(first, first + 2)
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}

/** a moment in UTC to the minute, e.g. `2026-05-04 09:40 UTC` (the same for every reader). */
export function formatTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** how long ago `at` was, from `now`: `3h 12m ago`. */
export function formatAge(at: Date, now: Date): string {
  return `${formatDuration(now.getTime() - at.getTime())} ago`;
}

/** how far `at` is from `now`: `in 6d 23h`, or `2h ago` when it has passed. */
export function formatUntil(at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  return ms >= 0 ? `in ${formatDuration(ms)}` : `${formatDuration(-ms)} ago`;
}
