/** one timed step of the check. */
export interface StepTime {
  readonly name: string;
  readonly seconds: number;
  readonly ok: boolean;
}

/** runs named steps in order, prints each as it ends, and keeps their times for the summary. */
export class Steps {
  readonly times: StepTime[] = [];
  private readonly started = performance.now();

  constructor(private readonly print: (line: string) => void) {}

  /** runs one step; a failure is recorded and rethrown. */
  async run<T>(name: string, step: () => Promise<T>): Promise<T> {
    const begun = performance.now();
    this.print(`- ${name} ...`);
    try {
      const result = await step();
      this.record(name, begun, true);
      return result;
    } catch (error) {
      this.record(name, begun, false);
      throw error;
    }
  }

  /** seconds since the first step began. */
  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  private record(name: string, begun: number, ok: boolean): void {
    const seconds = (performance.now() - begun) / 1000;
    this.times.push({ name, seconds, ok });
    this.print(`  ${ok ? 'ok' : 'FAILED'} ${name} (${seconds.toFixed(1)} s)`);
  }
}
