/** when a stop was asked for, and what the training loop should do about the epoch in progress. */

/** the facts behind the finish-or-abandon decision, all times in milliseconds of one clock. */
export interface AbandonQuestion {
  readonly now: number;
  /** when SIGTERM arrived; undefined when no stop was asked for */
  readonly stopRequestedAt: number | undefined;
  /** how long after SIGTERM the epoch may still run */
  readonly budgetMs: number;
  readonly epochStartedAt: number;
  /** the fraction of the epoch done, 0..1 */
  readonly fractionDone: number;
}

/**
 * whether to abandon the current epoch: only after a stop request, and only when the epoch,
 * projected from its progress so far, would end after the budget. Finishing is preferred because
 * a finished epoch is work kept.
 */
export function shouldAbandonEpoch(q: AbandonQuestion): boolean {
  if (q.stopRequestedAt === undefined) return false;
  if (q.fractionDone <= 0) return true;
  const projectedEnd = q.epochStartedAt + (q.now - q.epochStartedAt) / Math.min(1, q.fractionDone);
  return projectedEnd > q.stopRequestedAt + q.budgetMs;
}

/** the process-facing part: records SIGTERM (and SIGINT, for local runs) instead of dying on it. */
export class StopSignal {
  /** when the first stop signal arrived (performance.now()); undefined while running normally */
  requestedAt: number | undefined;
  /** the name of that signal */
  signal: string | undefined;

  /** starts listening; returns a function that stops listening. */
  install(onStop: (signal: string) => void, target: NodeJS.Process = process): () => void {
    const handler = (signal: NodeJS.Signals) => {
      if (this.requestedAt !== undefined) return;
      this.requestedAt = performance.now();
      this.signal = signal;
      onStop(signal);
    };
    target.on('SIGTERM', handler);
    target.on('SIGINT', handler);
    return () => {
      target.off('SIGTERM', handler);
      target.off('SIGINT', handler);
    };
  }
}
