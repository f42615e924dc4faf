import { JOB_NAME_PATTERN, randomSuffix, trainingJobName } from '../../../cli/lib/training/job-name';

describe('trainingJobName', () => {
  const now = new Date('2026-11-24T02:03:04Z');

  it('names the model, the time and a random suffix', () => {
    expect(trainingJobName('mlops', '0123456789abcdef0123456789abcdef', now, 'x7k2')).toBe('mlops-0123456789-20261124020304-x7k2');
  });

  it('stays within 63 characters for the longest prefix', () => {
    const name = trainingJobName('a'.repeat(20), 'f'.repeat(32), now, 'zzzz');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(JOB_NAME_PATTERN);
  });

  it('fails when the prefix makes the name too long', () => {
    expect(() => trainingJobName('p'.repeat(40), 'f'.repeat(32), now, 'zzzz')).toThrow(/shorten project.prefix/);
  });
});

describe('randomSuffix', () => {
  afterEach(() => jest.restoreAllMocks());

  test('is four base-36 digits of a random number', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.123456789);
    expect(randomSuffix()).toBe('4fzz');
    expect(randomSuffix()).toMatch(/^[a-z0-9]{4}$/);
  });

  test('pads a short random number with zeros to four characters', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(randomSuffix()).toBe('i000');
  });
});
