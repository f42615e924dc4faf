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
});
