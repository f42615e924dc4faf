/**
 * checks of Application Auto Scaling schedule expressions (`PutScheduledAction.Schedule`):
 * `cron(<6 fields>)`, `rate(<n> <unit>)` or `at(yyyy-mm-ddThh:mm:ss)`. Each returns a problem
 * (what is wrong and how to fix it) or undefined.
 */

const CRON_FIELDS = ['minutes', 'hours', 'day-of-month', 'month', 'day-of-week', 'year'] as const;
const CRON_FIELD = /^[0-9A-Za-z*?,/#\-LW]+$/;

function cronProblem(body: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    return `has ${fields.length} cron fields; write 6 (${CRON_FIELDS.join(' ')}), e.g. "cron(0 8 ? * MON-FRI *)"`;
  }
  const bad = fields.findIndex((f) => !CRON_FIELD.test(f));
  if (bad >= 0) return `has an invalid ${CRON_FIELDS[bad]} field "${fields[bad]}"; use digits, names, * ? , - / L W #`;
  if (fields[2] !== '?' && fields[4] !== '?') {
    return 'sets both day-of-month and day-of-week; one of them must be "?", e.g. "cron(0 8 ? * MON-FRI *)"';
  }
  return undefined;
}

function rateProblem(body: string): string | undefined {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim());
  if (!match) return 'is not a rate; write "rate(<n> minute(s)|hour(s)|day(s))", e.g. "rate(6 hours)"';
  const value = Number(match[1]);
  if (value < 1) return 'has a rate below 1; use a positive whole number';
  const singular = !match[2].endsWith('s');
  if ((value === 1) !== singular) return `must say "${value} ${value === 1 ? match[2].replace(/s$/, '') : `${match[2]}s`}" (singular only for 1)`;
  return undefined;
}

function atProblem(body: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(body.trim())) {
    return 'is not a one-time schedule; write "at(yyyy-mm-ddThh:mm:ss)", e.g. "at(2026-12-24T18:00:00)"';
  }
  const time = Date.parse(`${body.trim()}Z`);
  const exists = !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === body.trim();
  return exists ? undefined : 'names a date or time that does not exist; fix it';
}

/** the problem with a schedule expression, or undefined when Application Auto Scaling accepts it. */
export function scheduleProblem(expression: string): string | undefined {
  const match = /^(cron|rate|at)\((.*)\)$/.exec(expression.trim());
  if (!match) return 'must be "cron(<6 fields>)", "rate(<n> <unit>)" or "at(yyyy-mm-ddThh:mm:ss)", e.g. "cron(0 8 ? * MON-FRI *)"';
  const [, kind, body] = match;
  if (kind === 'cron') return cronProblem(body);
  if (kind === 'rate') return rateProblem(body);
  return atProblem(body);
}

/** true for an IANA time zone name that Node knows (and `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name);
  } catch {
    return false;
  }
}
