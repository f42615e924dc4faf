import { HttpError } from '../src/http-error';

/** the status and JSON body of the HttpError `fn` throws; fails the test when it throws nothing or something else. */
export function errorOf(fn: () => unknown): { status: number; body: unknown } {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, body: JSON.parse(error.toJson()) };
    throw error;
  }
  throw new Error('expected an HttpError');
}
