// Edges of the scheduled-scaling expressions (config/endpoint-schedule.ts) that the fifth mutation
// round showed unpinned: spaces around an expression or its body, the anchors of each form, the
// first cron field, and time-zone names that Node does not know.
import { isTimeZone, scheduleProblem } from '../../config/endpoint-schedule';

describe('schedule expressions', () => {
  it.each([
    ['spaces around the expression', ' rate(6 hours) '],
    ['spaces inside the cron parentheses', 'cron( 0 8 ? * MON-FRI * )'],
    ['two spaces between cron fields', 'cron(0  8 ? * MON-FRI *)'],
    ['a plural rate', 'rate(6 hours)'],
    ['spaces inside the rate parentheses', 'rate( 6 hours )'],
    ['a singular rate of 1', 'rate(1 day)'],
    ['spaces inside the at() parentheses', 'at( 2026-12-24T18:00:00 )'],
  ])('accepts %s', (_what, expression) => {
    expect(scheduleProblem(expression)).toBeUndefined();
  });

  it.each([
    ['text before cron', 'xcron(0 8 ? * * *)', 'must be "cron(<6 fields>)"'],
    ['text after the closing parenthesis', 'cron(0 8 ? * * *)x', 'must be "cron(<6 fields>)"'],
    ['an invalid first (minutes) cron field', 'cron(0! 8 ? * * *)', 'has an invalid minutes field "0!"'],
    ['four cron fields', 'cron(0 8 ? *)', 'has 4 cron fields; write 6 (minutes hours day-of-month month day-of-week year)'],
    ['text after the rate unit', 'rate(6 hoursx)', 'is not a rate'],
    ['text before the rate value', 'rate(x6 hours)', 'is not a rate'],
    ['a plural unit for 1', 'rate(1 minutes)', 'must say "1 minute"'],
    ['a singular unit for 2', 'rate(2 hour)', 'must say "2 hours"'],
    ['text after the at() time', 'at(2026-12-24T18:00:00x)', 'is not a one-time schedule'],
    ['text before the at() date', 'at(x2026-12-24T18:00:00)', 'is not a one-time schedule'],
  ])('fails when an expression has %s', (_what, expression, words) => {
    expect(scheduleProblem(expression)).toContain(words);
  });
});

describe('time zones', () => {
  it.each(['UTC', 'Europe/Berlin', 'Etc/GMT+1', 'America/Argentina/Buenos_Aires'])('accepts %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  it.each(['Mars/Olympus', '+01:00', 'Europe/Berlin!'])('fails when the zone is %s', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});
