import { HttpError } from './http-error';

/**
 * the payload formats the server reads and writes. `jsonlines` is answered only: one
 * `{"label": .., "probabilities": [..]}` per row, the form the SageMaker Clarify explainer reads.
 */
export type MediaFormat = 'csv' | 'json' | 'jsonlines';

const MEDIA_TYPES: Readonly<Record<MediaFormat, string>> = { csv: 'text/csv', json: 'application/json', jsonlines: 'application/jsonlines' };

/** the Content-Type header value for a format. */
export function mediaType(format: MediaFormat): string {
  return MEDIA_TYPES[format];
}

/** the request body's format from its Content-Type; 415 when it is missing or not supported. */
export function requestFormat(contentType: string | undefined): Exclude<MediaFormat, 'jsonlines'> {
  if (contentType === 'text/csv') return 'csv';
  if (contentType === 'application/json') return 'json';
  const essence = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (essence === 'text/csv') return 'csv';
  if (essence === 'application/json') return 'json';
  const got = contentType === undefined ? 'no Content-Type' : `Content-Type '${contentType}'`;
  throw new HttpError(415, `unsupported media type: ${got}; send text/csv (one row per line, features only) or application/json`, { supported: 'text/csv, application/json' });
}

/**
 * the response format for an Accept header: the request's own format when Accept is absent or
 * `*\/*`, otherwise the supported type with the highest q; 406 when none is acceptable.
 */
export function responseFormat(accept: string | undefined, request: MediaFormat): MediaFormat {
  if (accept === undefined || accept === '' || accept === '*/*') return request;
  if (accept === 'text/csv') return 'csv';
  if (accept === 'application/json') return 'json';
  if (accept === 'application/jsonlines') return 'jsonlines';
  let best: MediaFormat | undefined;
  let bestQ = 0;
  for (const part of accept.split(',')) {
    const [rawType, ...params] = part.split(';');
    const type = rawType.trim().toLowerCase();
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim());
      if (key === 'q') q = Number(value);
    }
    if (!(q > 0)) continue;
    const format: MediaFormat | undefined =
      type === '*/*'
        ? request
        : type === 'text/csv' || type === 'text/*'
          ? 'csv'
          : type === 'application/json' || type === 'application/*'
            ? 'json'
            : type === 'application/jsonlines'
              ? 'jsonlines'
              : undefined;
    if (format !== undefined && q > bestQ) {
      best = format;
      bestQ = q;
    }
  }
  if (best === undefined) throw new HttpError(406, `cannot answer with Accept '${accept}'; this server answers text/csv, application/json or application/jsonlines`, { supported: 'text/csv, application/json, application/jsonlines' });
  return best;
}
