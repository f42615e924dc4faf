import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** one request the fake received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** the operation from X-Amz-Target, e.g. `GetPipelineState` */
  readonly operation: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** an answer: HTTP status and JSON body. */
export interface FakeAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** answers an operation's request body. */
export type FakeHandler = (body: unknown) => FakeAnswer;

const TARGET_PREFIX = 'CodePipeline_20150709.';

/** an error answer as awsJson1_1 services send it. */
export function awsJsonError(type: string, message: string, status = 400): FakeAnswer {
  return { status, body: { __type: type, message } };
}

/** a Date as awsJson1_1 sends timestamps: epoch seconds. */
export function epochSeconds(at: Date): number {
  return at.getTime() / 1000;
}

/**
 * a loopback HTTP server speaking CodePipeline's JSON protocol (awsJson1_1: POST / with
 * X-Amz-Target `CodePipeline_20150709.<Operation>`). Tests set `handlers` per operation; an
 * operation without one gets an UnknownOperationException, so a test that calls something it did
 * not expect fails.
 */
export class FakeCodePipeline {
  readonly requests: RecordedRequest[] = [];
  handlers: Record<string, FakeHandler> = {};
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // recorded as text: the test's assertion on the body shows it
        }
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', operation, headers: req.headers, body });
        const handler = this.handlers[operation];
        const answer = handler ? handler(body) : awsJsonError('UnknownOperationException', `the fake has no handler for '${target}'`);
        const payload = JSON.stringify(answer.body);
        res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(payload), 'x-amzn-requestid': `req-${this.requests.length}` });
        res.end(payload);
      });
    });
  }

  /** starts listening on a free loopback port; resolves to the endpoint URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** forgets recorded requests and handlers. */
  reset(): void {
    this.requests.length = 0;
    this.handlers = {};
  }

  /** stops listening and drops open keep-alive connections. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** a loopback URL on which nothing listens (a port that was free a moment ago). */
export async function closedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
