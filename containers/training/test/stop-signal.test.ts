import { EventEmitter } from 'node:events';
import { shouldAbandonEpoch, StopSignal } from '../src/stop-signal';

describe('shouldAbandonEpoch', () => {
  const base = { now: 1000, stopRequestedAt: 900, budgetMs: 500, epochStartedAt: 800 };

  test('never abandons without a stop request', () => {
    expect(shouldAbandonEpoch({ ...base, stopRequestedAt: undefined, fractionDone: 0.01 })).toBe(false);
  });

  test('finishes an epoch projected to end within the budget', () => {
    // 200 ms for half the epoch: it ends at 1200, before 900 + 500
    expect(shouldAbandonEpoch({ ...base, fractionDone: 0.5 })).toBe(false);
  });

  test('abandons an epoch projected to end after the budget', () => {
    // 200 ms for a tenth: it would end at 2800
    expect(shouldAbandonEpoch({ ...base, fractionDone: 0.1 })).toBe(true);
  });
});

describe('StopSignal', () => {
  test('records the first SIGTERM only and stops listening when uninstalled', () => {
    const target = new EventEmitter() as unknown as NodeJS.Process;
    const stop = new StopSignal();
    const seen: string[] = [];
    const uninstall = stop.install((s) => seen.push(s), target);
    target.emit('SIGTERM', 'SIGTERM');
    target.emit('SIGINT', 'SIGINT');
    expect(seen).toEqual(['SIGTERM']);
    expect(stop.signal).toBe('SIGTERM');
    expect(stop.requestedAt).toEqual(expect.any(Number));
    uninstall();
    expect((target as unknown as EventEmitter).listenerCount('SIGTERM')).toBe(0);
  });
});
