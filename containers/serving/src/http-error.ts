/** an error that maps to an HTTP status with a JSON body `{"error": message, ...details}`. */
export class HttpError extends Error {
  constructor(
    /** the HTTP status to answer with */
    readonly status: number,
    message: string,
    /** extra fields for the JSON body, e.g. the row and column of a bad value */
    readonly details: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** the JSON body. */
  toJson(): string {
    return JSON.stringify({ error: this.message, ...this.details });
  }
}

/** a bad value in the request rows: 400 naming the (1-based) row and column. */
export function rowError(row: number, column: number, columnName: string | undefined, problem: string): HttpError {
  const where = columnName === undefined ? `row ${row}, column ${column}` : `row ${row}, column ${column} (${columnName})`;
  const details: Record<string, string | number> = { row, column };
  if (columnName !== undefined) details.columnName = columnName;
  return new HttpError(400, `${where}: ${problem}`, details);
}
