/** the request headers the invocation path reads. */
export interface InvocationHeaders {
  contentLength: string | undefined;
  contentType: string | undefined;
  accept: string | undefined;
}

/**
 * picks Content-Length, Content-Type and Accept out of `rawHeaders` (name, value, name, value...),
 * case-insensitively, without building Node's lazily created `req.headers` object (a measurable share
 * of a small request's cost). A repeated header keeps its first value.
 */
export function invocationHeaders(rawHeaders: readonly string[]): InvocationHeaders {
  const found: InvocationHeaders = { contentLength: undefined, contentType: undefined, accept: undefined };
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    switch (name.length) {
      case 14:
        if (found.contentLength === undefined && name.toLowerCase() === 'content-length') found.contentLength = rawHeaders[i + 1];
        break;
      case 12:
        if (found.contentType === undefined && name.toLowerCase() === 'content-type') found.contentType = rawHeaders[i + 1];
        break;
      case 6:
        if (found.accept === undefined && name.toLowerCase() === 'accept') found.accept = rawHeaders[i + 1];
        break;
    }
  }
  return found;
}
