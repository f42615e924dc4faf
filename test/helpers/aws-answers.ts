import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** one request the loopback server received. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  /** X-Amz-Target (awsJson services), e.g. `SageMaker.CreateTrainingJob` */
  readonly target: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** what the server answers: status, headers and body, sent as they are. */
export interface Answer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** S3's answer to a HEAD the caller may not make: 403 and no body (a HEAD answer has none). */
export const BARE_403: Answer = { status: 403 };

/** what a proxy or load balancer answers when the service behind it is down. */
export const HTML_502: Answer = {
  status: 502,
  headers: { 'content-type': 'text/html' },
  body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
};

/** an error of an awsJson1_1 service (SageMaker, CodePipeline). */
export function awsJsonErrorAnswer(type: string, message: string, status = 400): Answer {
  return { status, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: type, message }) };
}

/** an error of a restJson1 service (SageMaker Runtime): the type is in X-Amzn-ErrorType. */
export function restJsonErrorAnswer(type: string, message: string, status = 400): Answer {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': type }, body: JSON.stringify({ message }) };
}

/** an error of S3 (REST-XML). */
export function s3ErrorAnswer(code: string, message: string, status: number): Answer {
  return { status, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>` };
}

/**
 * a loopback HTTP server on 127.0.0.1 answering every request with `answer(request)`, which tests
 * replace to play AWS (or something in front of it) in each failure case.
 */
export class LoopbackAws {
  readonly requests: SeenRequest[] = [];
  answer: (request: SeenRequest) => Answer = () => ({ status: 500, body: 'no answer set' });
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const seen = { method: req.method ?? '', path: req.url ?? '', target: req.headers['x-amz-target'] as string | undefined, headers: req.headers, body };
        this.requests.push(seen);
        const answer = this.answer(seen);
        res.writeHead(answer.status, { ...(answer.headers ?? {}), ...(answer.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(answer.body)) }) });
        res.end(req.method === 'HEAD' ? undefined : answer.body);
      });
    });
  }

  /** starts listening on a free loopback port; resolves to the endpoint URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** forgets the requests seen. */
  reset(): void {
    this.requests.length = 0;
  }

  /** stops listening. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
