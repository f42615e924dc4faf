import { parseCsvRows } from './csv-rows';
import { HttpError } from './http-error';
import { parseJsonRows } from './json-rows';
import { mediaType, requestFormat, responseFormat } from './media-types';
import type { MediaFormat } from './media-types';
import type { ServedModel } from './served-model';

/** the largest answer InvokeEndpoint delivers where the container runs. */
export interface PayloadLimit {
  /** the limit in bytes */
  readonly bytes: number;
  /** where it applies, for the message: `a real-time endpoint` */
  readonly where: string;
}

/** a ready response. */
export interface InvocationResult {
  readonly contentType: string;
  readonly body: string;
  readonly rows: number;
}

let probabilities = new Float64Array(64);
let predicted = new Int32Array(16);

function ensureScratch(rows: number, classes: number): void {
  if (probabilities.length < rows * classes) probabilities = new Float64Array(rows * classes * 2);
  if (predicted.length < rows) predicted = new Int32Array(rows * 2);
}

function csvRow(model: ServedModel, r: number): string {
  const k = model.predictor.classCount;
  let out = model.csvLabels[predicted[r]];
  for (let c = 0; c < k; c++) out += `,${probabilities[r * k + c]}`;
  return `${out}\n`;
}

function jsonRow(model: ServedModel, r: number): string {
  const k = model.predictor.classCount;
  let out = model.jsonPrefixes[predicted[r]];
  for (let c = 0; c < k; c++) out += `${model.jsonKeys[c]}${probabilities[r * k + c]}`;
  return `${out}}}`;
}

const JSON_OPEN = '{"predictions":[';
const JSON_CLOSE = ']}';

function formatCsv(model: ServedModel, rows: number): string {
  let out = '';
  for (let r = 0; r < rows; r++) out += csvRow(model, r);
  return out;
}

function formatJson(model: ServedModel, rows: number): string {
  let out = JSON_OPEN;
  for (let r = 0; r < rows; r++) out += r > 0 ? `,${jsonRow(model, r)}` : jsonRow(model, r);
  return `${out}${JSON_CLOSE}`;
}

/** how many of the first rows of the answer fit in `limitBytes`, formatted as `format`. */
function rowsThatFit(model: ServedModel, rows: number, format: MediaFormat, limitBytes: number): number {
  let bytes = format === 'json' ? Buffer.byteLength(JSON_OPEN) + Buffer.byteLength(JSON_CLOSE) : 0;
  for (let r = 0; r < rows; r++) {
    if (format === 'csv') bytes += Buffer.byteLength(csvRow(model, r));
    else if (format === 'jsonlines') bytes += Buffer.byteLength(jsonLinesRow(model, r));
    else bytes += Buffer.byteLength(jsonRow(model, r)) + (r > 0 ? 1 : 0);
    if (bytes > limitBytes) return r;
  }
  return rows;
}

/** one JSON object per row, `{"label":..,"probabilities":[..]}` (classes in model order): what the Clarify explainer reads. */
function jsonLinesRow(model: ServedModel, r: number): string {
  const k = model.predictor.classCount;
  let out = `{"label":${JSON.stringify(model.predictor.classes[predicted[r]])},"probabilities":[`;
  for (let c = 0; c < k; c++) out += `${c > 0 ? ',' : ''}${probabilities[r * k + c]}`;
  return `${out}]}\n`;
}

function formatJsonLines(model: ServedModel, rows: number): string {
  let out = '';
  for (let r = 0; r < rows; r++) out += jsonLinesRow(model, r);
  return out;
}

/**
 * answers one invocation: parses the body by its Content-Type, predicts every row, and formats the
 * result for the Accept header. CSV answers one line per row: `label,p_class1,p_class2,...` (classes
 * in model order); JSON answers `{"predictions":[{"label":..,"probabilities":{class: p}}]}`; JSON Lines
 * (asked by the Clarify explainer) one `{"label":..,"probabilities":[p_class1,..]}` per row.
 * Throws HttpError (415, 406, 400) for bad requests, and 413 when the answer would be larger than
 * `limitBytes` (InvokeEndpoint would not deliver it), saying how many rows fit. Synchronous, so the
 * scratch buffers are safe.
 */
export function invoke(model: ServedModel, body: Buffer, contentType: string | undefined, accept: string | undefined, limit: PayloadLimit): InvocationResult {
  const inFormat = requestFormat(contentType);
  const outFormat: MediaFormat = responseFormat(accept, inFormat);
  const text = body.toString('utf8');
  const rows = inFormat === 'csv' ? parseCsvRows(text, model.predictor) : parseJsonRows(text, model.predictor);
  ensureScratch(rows.rowCount, model.predictor.classCount);
  model.predictor.predict(rows.values, rows.rowCount, probabilities, predicted);
  const out = outFormat === 'csv' ? formatCsv(model, rows.rowCount) : outFormat === 'jsonlines' ? formatJsonLines(model, rows.rowCount) : formatJson(model, rows.rowCount);
  const bytes = Buffer.byteLength(out);
  if (bytes > limit.bytes) {
    const fit = rowsThatFit(model, rows.rowCount, outFormat, limit.bytes);
    throw new HttpError(
      413,
      `the answer to these ${rows.rowCount} rows would be ${bytes} bytes of ${mediaType(outFormat)}, over the ${limit.bytes} bytes InvokeEndpoint delivers from ${limit.where}; ${fit} rows fit in one answer, so send at most ${fit} rows per request`,
      { limitBytes: limit.bytes, responseBytes: bytes, rows: rows.rowCount, rowsThatFit: fit },
    );
  }
  return { contentType: mediaType(outFormat), body: out, rows: rows.rowCount };
}
