/**
 * an input of the report is missing or malformed (no cloud assembly, no validation report, bad
 * JSON). The message names the file and says how to fix it.
 */
export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}
