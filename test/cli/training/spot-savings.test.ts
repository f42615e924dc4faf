import { spotSavings } from '../../../cli/lib/training/spot-savings';

describe('spotSavings', () => {
  it('saves 80% when 100 s of 500 s are billable', () => {
    expect(spotSavings(500, 100, 1)).toEqual({ trainingSeconds: 500, billableSeconds: 100, billedInstanceSeconds: 100, savingsPercent: 80 });
  });

  it('rounds to one decimal', () => {
    expect(spotSavings(3000, 1001, 1).savingsPercent).toBe(66.6);
  });

  it('bills every instance of a distributed job', () => {
    expect(spotSavings(600, 180, 4)).toEqual({ trainingSeconds: 600, billableSeconds: 180, billedInstanceSeconds: 720, savingsPercent: 70 });
  });

  it('saves nothing on demand, where billable equals training time', () => {
    expect(spotSavings(420, 420, 1).savingsPercent).toBe(0);
  });

  it('saves nothing when the job never trained', () => {
    expect(spotSavings(0, 0, 1).savingsPercent).toBe(0);
  });

  it('fails when a time is negative', () => {
    expect(() => spotSavings(100, -1, 1)).toThrow('billable time -1 s is not a non-negative number of seconds');
  });

  it('saves 100% when nothing was billable', () => {
    expect(spotSavings(500, 0, 2)).toEqual({ trainingSeconds: 500, billableSeconds: 0, billedInstanceSeconds: 0, savingsPercent: 100 });
  });

  it('never reports negative savings when more was billed than trained', () => {
    expect(spotSavings(400, 460, 1)).toEqual({ trainingSeconds: 400, billableSeconds: 460, billedInstanceSeconds: 460, savingsPercent: 0 });
  });

  it('saves nothing when billable time is reported for a job without training time', () => {
    expect(spotSavings(0, 30, 1).savingsPercent).toBe(0);
  });

  it('rounds to the nearest tenth', () => {
    // 1 - 1999/4000 = 0.50025 -> 50.025 % -> 50.0; 1 - 1997/4000 = 0.50075 -> 50.1
    expect(spotSavings(4000, 1999, 1).savingsPercent).toBe(50);
    expect(spotSavings(4000, 1997, 1).savingsPercent).toBe(50.1);
  });

  it('fails when the training time is negative', () => {
    expect(() => spotSavings(-1, 0, 1)).toThrow('training time -1 s is not a non-negative number of seconds');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('fails when a time is %s', (value) => {
    expect(() => spotSavings(value, 10, 1)).toThrow(`training time ${value} s is not a non-negative number of seconds`);
    expect(() => spotSavings(10, value, 1)).toThrow(`billable time ${value} s is not a non-negative number of seconds`);
  });
});
