import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from './http-error';
import { invocationHeaders } from './request-headers';
import type { InvocationHeaders } from './request-headers';
import { invoke } from './invocation';
import type { PayloadLimit } from './invocation';
import { ModelRegistry } from './model-registry';
import type { RequestLog } from './request-log';
import { ServedModel } from './served-model';
import type { ServerConfig } from './server-config';

/** the serving program's HTTP server and its lifecycle. */
export interface ServingServer {
  readonly server: http.Server;
  /** starts listening; resolves to the bound port */
  listen(): Promise<number>;
  /** loads the single model from `<root>/model`; /ping answers 200 from then on */
  loadSingleModel(): Promise<ServedModel>;
  /** stops accepting, lets in-flight requests finish, closes; resolves to the exit code (1 if it timed out) */
  shutdown(signal: string): Promise<number>;
}

const JSON_TYPE = 'application/json';
const EMPTY = Buffer.alloc(0);
const LIST_LIMIT_DEFAULT = 100;
const LIST_LIMIT_MAX = 1000;
/** past this many times the payload limit of an over-limit body, the connection is cut instead of drained */
const DISCARD_LIMIT_FACTOR = 8;

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, started: number, path: string, query: string) => void;

/** creates the server for SageMaker's hosting contract (and the multi-model contract when configured). */
export function createServingServer(config: ServerConfig, log: RequestLog): ServingServer {
  let model: ServedModel | undefined;
  let draining = false;
  const registry = new ModelRegistry(config.modelMemoryBudgetBytes, config.multiModelDir);
  const maxBodyBytes = config.payloadLimitBytes;
  const payloadLimit: PayloadLimit = { bytes: maxBodyBytes, where: `a ${config.endpointType} endpoint` };
  const limitError = (what: string) =>
    new HttpError(413, `the body is ${what}; a ${config.endpointType} SageMaker endpoint accepts at most ${maxBodyBytes} bytes (${maxBodyBytes / 1024 / 1024} MB) per request, so split the rows over several requests`, { limitBytes: maxBodyBytes });

  function send(req: http.IncomingMessage, res: http.ServerResponse, started: number, path: string, status: number, contentType: string, body: string, bytesIn: number, rows: number, extra: string): void {
    const headers: string[] = ['content-type', contentType, 'content-length', String(Buffer.byteLength(body))];
    if (draining) headers.push('connection', 'close');
    res.writeHead(status, headers);
    res.end(body);
    log.request(req.method ?? '', path, status, performance.now() - started, bytesIn, body.length, rows, extra);
  }

  function sendError(req: http.IncomingMessage, res: http.ServerResponse, started: number, path: string, error: unknown, bytesIn: number, extra: string): void {
    const httpError = error instanceof HttpError ? error : new HttpError(500, `internal error: ${(error as Error).message}`);
    if (!(error instanceof HttpError)) log.event('error', { path, stack: (error as Error).stack ?? String(error) });
    send(req, res, started, path, httpError.status, JSON_TYPE, httpError.toJson(), bytesIn, 0, `${extra},"error":${JSON.stringify(httpError.message)}`);
  }

  function readBody(req: http.IncomingMessage, res: http.ServerResponse, started: number, path: string, extra: string, declared: string | undefined, onBody: (body: Buffer) => void): void {
    let size = 0;
    let tooLarge: HttpError | undefined;
    if (declared !== undefined && Number(declared) > maxBodyBytes) tooLarge = limitError(`${declared} bytes`);
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge === undefined && size > maxBodyBytes) {
        tooLarge = limitError(`over ${maxBodyBytes} bytes`);
        first = undefined;
        chunks = undefined;
      }
      if (tooLarge !== undefined) {
        // an over-limit body is read and dropped, so a client that sends it whole still reads the 413;
        // past the discard limit the 413 goes out at once and the connection is cut
        if (size > DISCARD_LIMIT_FACTOR * maxBodyBytes && !res.headersSent) {
          sendError(req, res, started, path, tooLarge, 0, extra);
          req.socket.destroySoon();
        }
        return;
      }
      if (first === undefined) first = chunk;
      else (chunks ??= [first]).push(chunk);
    });
    req.on('end', () => {
      if (tooLarge !== undefined) {
        if (!res.headersSent) sendError(req, res, started, path, tooLarge, 0, extra);
        return;
      }
      onBody(chunks ? Buffer.concat(chunks, size) : (first ?? EMPTY));
    });
  }

  function invocation(target: ServedModel, req: http.IncomingMessage, res: http.ServerResponse, started: number, path: string, extra: string): void {
    const headers: InvocationHeaders = invocationHeaders(req.rawHeaders);
    readBody(req, res, started, path, extra, headers.contentLength, (body) => {
      try {
        const result = invoke(target, body, headers.contentType, headers.accept, payloadLimit);
        send(req, res, started, path, 200, result.contentType, result.body, body.length, result.rows, extra);
      } catch (error) {
        const mapped = config.multiModel && error instanceof RangeError ? new HttpError(507, `out of memory while predicting: ${error.message}`) : error;
        sendError(req, res, started, path, mapped, body.length, extra);
      }
    });
  }

  function methodNotAllowed(req: http.IncomingMessage, res: http.ServerResponse, started: number, path: string, allowed: string): void {
    res.setHeader('allow', allowed);
    sendError(req, res, started, path, new HttpError(405, `${req.method} is not allowed on ${path}; use ${allowed}`), 0, '');
  }

  const modelsRoute: Handler = (req, res, started, path, query) => {
    if (req.method === 'GET') {
      const params = new URLSearchParams(query);
      const rawLimit = params.get('limit') ?? params.get('max_results');
      const limit = rawLimit === null ? LIST_LIMIT_DEFAULT : Number(rawLimit);
      try {
        if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) throw new HttpError(400, `limit '${rawLimit}' must be a whole number from 1 to ${LIST_LIMIT_MAX}`);
        const page = registry.list(limit, params.get('next_page_token') ?? params.get('nextPageToken') ?? undefined);
        const body: Record<string, unknown> = { models: page.models.map((m) => ({ modelName: m.name, modelUrl: m.dir })) };
        if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
        send(req, res, started, path, 200, JSON_TYPE, JSON.stringify(body), 0, 0, '');
      } catch (error) {
        sendError(req, res, started, path, error, 0, '');
      }
      return;
    }
    if (req.method !== 'POST') return methodNotAllowed(req, res, started, path, 'GET, POST');
    readBody(req, res, started, path, '', invocationHeaders(req.rawHeaders).contentLength, (body) => {
      let request: { model_name?: unknown; url?: unknown };
      try {
        request = JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(req, res, started, path, new HttpError(400, 'the body must be JSON: {"model_name": "<name>", "url": "/opt/ml/models/<name>/model"}'), body.length, '');
      }
      const name = request?.model_name;
      const url = request?.url;
      if (typeof name !== 'string' || name === '' || name.includes('/') || typeof url !== 'string' || url === '') {
        return sendError(req, res, started, path, new HttpError(400, 'the body needs "model_name" (a non-empty string without "/") and "url" (the model folder), e.g. {"model_name": "a", "url": "/opt/ml/models/a/model"}'), body.length, '');
      }
      const extra = `,"model":${JSON.stringify(name)}`;
      registry.load(name, url).then(
        (loaded) => send(req, res, started, path, 200, JSON_TYPE, JSON.stringify({ message: `model '${loaded.name}' loaded` }), body.length, 0, extra),
        (error) => sendError(req, res, started, path, error, body.length, extra),
      );
    });
  };

  const modelRoute: Handler = (req, res, started, path) => {
    const rest = path.slice('/models/'.length);
    const invokeRoute = rest.endsWith('/invoke');
    const encoded = invokeRoute ? rest.slice(0, -'/invoke'.length) : rest;
    let name: string;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      return sendError(req, res, started, path, new HttpError(400, `'${encoded}' is not a valid URL-encoded model name`), 0, '');
    }
    if (name === '' || encoded.includes('/')) return sendError(req, res, started, path, new HttpError(404, `no route ${path}; the model routes are /models/{name} and /models/{name}/invoke`), 0, '');
    const target = req.headers['x-amzn-sagemaker-target-model'];
    const extra = `,"model":${JSON.stringify(name)}${typeof target === 'string' ? `,"targetModel":${JSON.stringify(target)}` : ''}`;
    const found = registry.get(name);
    const allowed = invokeRoute ? 'POST' : 'GET, DELETE';
    if (!allowed.includes(req.method ?? '')) return methodNotAllowed(req, res, started, path, allowed);
    if (!found) {
      req.resume();
      return sendError(req, res, started, path, new HttpError(404, `model '${name}' is not loaded; load it with POST /models`), 0, extra);
    }
    if (invokeRoute) return invocation(found, req, res, started, path, extra);
    if (req.method === 'GET') return send(req, res, started, path, 200, JSON_TYPE, JSON.stringify({ modelName: found.name, modelUrl: found.dir }), 0, 0, extra);
    registry.unload(name);
    send(req, res, started, path, 200, JSON_TYPE, JSON.stringify({ message: `model '${name}' unloaded` }), 0, 0, extra);
  };

  function onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const started = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    if (path === '/invocations') {
      if (req.method !== 'POST') return methodNotAllowed(req, res, started, path, 'POST');
      if (config.multiModel) return sendError(req, res, started, path, new HttpError(404, 'this container runs in multi-model mode; invoke POST /models/{name}/invoke'), 0, '');
      if (!model) return sendError(req, res, started, path, new HttpError(503, 'the model is still loading; retry when /ping answers 200'), 0, '');
      return invocation(model, req, res, started, path, '');
    }
    if (path === '/ping') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(req, res, started, path, 'GET');
      const ready = !draining && (config.multiModel || model !== undefined);
      return send(req, res, started, path, ready ? 200 : 503, JSON_TYPE, ready ? '{"status":"healthy"}' : `{"status":"${draining ? 'stopping' : 'loading'}"}`, 0, 0, '');
    }
    if (path === '/models' || path.startsWith('/models/')) {
      if (!config.multiModel) return sendError(req, res, started, path, new HttpError(404, 'the multi-model API is off: this container serves one model from /opt/ml/model (set SAGEMAKER_MULTI_MODEL=true for a multi-model endpoint)'), 0, '');
      return path === '/models' ? modelsRoute(req, res, started, path, query) : modelRoute(req, res, started, path, query);
    }
    sendError(req, res, started, path, new HttpError(404, `no route ${req.method} ${path}; this server answers GET /ping and POST /invocations${config.multiModel ? ' and the /models API' : ''}`), 0, '');
  }

  const server = http.createServer({ requestTimeout: 70_000 }, onRequest);
  server.keepAliveTimeout = 65_000;

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    loadSingleModel: async () => {
      model = await ServedModel.load('model', config.modelDir);
      return model;
    },
    shutdown: (signal) => {
      // stop accepting and close idle keep-alive connections; responses from now on carry
      // Connection: close, so each connection ends after its in-flight request and close()'s
      // callback fires once none is left
      draining = true;
      return new Promise<number>((resolve) => {
        server.getConnections((_error, open) => log.event('shutdown', { signal, openConnections: open, timeoutMs: config.shutdownTimeoutMs }));
        const timer = setTimeout(() => {
          log.event('shutdown-timeout', { timeoutMs: config.shutdownTimeoutMs });
          server.closeAllConnections();
          resolve(1);
        }, config.shutdownTimeoutMs);
        server.close(() => {
          clearTimeout(timer);
          resolve(0);
        });
        server.closeIdleConnections();
      });
    },
  };
}
