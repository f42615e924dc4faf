/** what a training job cost in instance time, and what managed spot saved. */
export interface SpotSavings {
  /** seconds the job trained (wall clock of the training phases) */
  readonly trainingSeconds: number;
  /** seconds billed per instance */
  readonly billableSeconds: number;
  /** seconds billed over all instances (billable x instance count) */
  readonly billedInstanceSeconds: number;
  /** percent saved against on-demand for the same training time, one decimal; 0 without spot */
  readonly savingsPercent: number;
}

/**
 * the savings SageMaker reports for managed spot: `(1 - billable / training) x 100`, e.g. 100 s
 * billable of 500 s training saves 80%. A job without training time saved nothing.
 */
export function spotSavings(trainingSeconds: number, billableSeconds: number, instanceCount: number): SpotSavings {
  if (!Number.isFinite(trainingSeconds) || trainingSeconds < 0) throw new Error(`training time ${trainingSeconds} s is not a non-negative number of seconds`);
  if (!Number.isFinite(billableSeconds) || billableSeconds < 0) throw new Error(`billable time ${billableSeconds} s is not a non-negative number of seconds`);
  const ratio = trainingSeconds === 0 ? 1 : Math.min(billableSeconds / trainingSeconds, 1);
  return {
    trainingSeconds,
    billableSeconds,
    billedInstanceSeconds: billableSeconds * instanceCount,
    savingsPercent: Math.round((1 - ratio) * 1000) / 10,
  };
}
