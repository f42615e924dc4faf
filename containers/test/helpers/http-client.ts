import * as http from 'node:http';

/** an HTTP answer with its body as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** what to send. */
export interface HttpCall {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** send the body in chunks without a Content-Length (Transfer-Encoding: chunked) */
  readonly chunked?: boolean;
}

/** one request on a fresh connection (no keep-alive), resolving with the answer. */
export function call(port: number, path: string, options: HttpCall = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined && !options.chunked) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (options.body !== undefined && options.chunked) {
      const data = Buffer.from(options.body);
      const size = 1 << 20;
      for (let i = 0; i < data.length; i += size) req.write(data.subarray(i, i + size));
    } else if (options.body !== undefined) {
      req.write(options.body);
    }
    req.end();
  });
}
