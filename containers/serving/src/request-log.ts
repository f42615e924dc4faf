/**
 * one structured JSON line per request, buffered: lines are joined and written at most every
 * `flushMs` (or when the buffer passes `flushBytes`), so logging costs one write per batch instead of
 * one syscall per request. `flush()` writes what is pending (on shutdown).
 */
export class RequestLog {
  private pending = '';
  private timer: NodeJS.Timeout | undefined;
  private clockMs = 0;
  private clockText = '';

  constructor(
    private readonly write: (text: string) => void,
    private readonly flushMs = 50,
    private readonly flushBytes = 32 * 1024,
  ) {}

  /** logs one event; `fields` are already JSON-encodable. */
  event(event: string, fields: Readonly<Record<string, unknown>>): void {
    this.line(`{"time":"${this.now()}","event":"${event}",${JSON.stringify(fields).slice(1)}`);
  }

  /** logs one request. `path` and `error` come from the client or the model and are escaped. */
  request(method: string, path: string, status: number, ms: number, bytesIn: number, bytesOut: number, rows: number, extra: string): void {
    const safePath = path === '/invocations' || path === '/ping' ? path : JSON.stringify(path).slice(1, -1);
    this.line(
      `{"time":"${this.now()}","event":"request","method":"${method}","path":"${safePath}","status":${status},"ms":${ms.toFixed(3)},"bytesIn":${bytesIn},"bytesOut":${bytesOut},"rows":${rows}${extra}}`,
    );
  }

  /** writes everything pending now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending !== '') {
      const text = this.pending;
      this.pending = '';
      this.write(text);
    }
  }

  /** the ISO time, formatted once per millisecond however many requests share it */
  private now(): string {
    const ms = Date.now();
    if (ms !== this.clockMs) {
      this.clockMs = ms;
      this.clockText = new Date(ms).toISOString();
    }
    return this.clockText;
  }

  private line(text: string): void {
    this.pending += `${text}\n`;
    if (this.pending.length >= this.flushBytes) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }
}
