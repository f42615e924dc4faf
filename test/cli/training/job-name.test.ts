import { attemptJobName, attemptOf, JOB_NAME_PATTERN } from '../../../cli/lib/training/job-name';

const IDENTITY = '0123456789abcdef0123456789abcdef';

describe('attemptJobName', () => {
  it('names the model key and the attempt, the same for every run', () => {
    expect(attemptJobName('mlops', IDENTITY, 1)).toBe(`mlops-${IDENTITY}-1`);
    expect(attemptJobName('mlops', IDENTITY, 12)).toBe(attemptJobName('mlops', IDENTITY, 12));
  });

  it('stays within 63 characters for the longest prefix and a nine-digit attempt', () => {
    const name = attemptJobName('a'.repeat(20), 'f'.repeat(32), 999_999_999);
    expect(name).toHaveLength(63);
    expect(name).toMatch(JOB_NAME_PATTERN);
  });

  it('fails when the prefix makes the name too long', () => {
    expect(() => attemptJobName('p'.repeat(30), IDENTITY, 1)).toThrow(/shorten project.prefix/);
  });

  it('fails when the attempt is not a whole number from 1', () => {
    expect(() => attemptJobName('tst', IDENTITY, 0)).toThrow('training attempt 0 is not a whole number from 1');
    expect(() => attemptJobName('tst', IDENTITY, 1.5)).toThrow('training attempt 1.5 is not a whole number from 1');
  });
});

describe('attemptOf', () => {
  it('reads the attempt back from a name of this prefix and key, and nothing from others', () => {
    expect(attemptOf(`tst-${IDENTITY}-12`, 'tst', IDENTITY)).toBe(12);
    expect(attemptOf(`tst-${IDENTITY.slice(0, 10)}-20261124020000-ab12`, 'tst', IDENTITY)).toBeUndefined();
    expect(attemptOf(`other-${IDENTITY}-1`, 'tst', IDENTITY)).toBeUndefined();
    expect(attemptOf(`tst-${IDENTITY}-01`, 'tst', IDENTITY)).toBeUndefined();
    expect(attemptOf(undefined, 'tst', IDENTITY)).toBeUndefined();
  });
});
