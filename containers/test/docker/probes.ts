import { isDeepStrictEqual } from 'node:util';

/** one named check against a running image, passed or failed with the reason. */
export interface ProbeResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** fails the probe unless `actual` equals `expected`. */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** fails the probe unless `condition` holds. */
export function expectThat(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

/** runs probes one after another; a failed probe is recorded and the next one still runs. */
export class Probes {
  readonly results: ProbeResult[] = [];

  constructor(private readonly print: (line: string) => void) {}

  async probe(name: string, body: () => Promise<string | void>): Promise<boolean> {
    try {
      const detail = (await body()) ?? '';
      this.results.push({ name, ok: true, detail });
      this.print(`    ok   ${name}${detail ? `: ${detail}` : ''}`);
      return true;
    } catch (error) {
      const detail = (error as Error).message;
      this.results.push({ name, ok: false, detail });
      this.print(`    FAIL ${name}: ${detail}`);
      return false;
    }
  }

  get failed(): ProbeResult[] {
    return this.results.filter((r) => !r.ok);
  }
}
