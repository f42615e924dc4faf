import { parseCsvRows } from './csv-rows';
import { parseJsonRows } from './json-rows';
import { mediaType, requestFormat, responseFormat } from './media-types';
import type { MediaFormat } from './media-types';
import type { ServedModel } from './served-model';

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

function formatCsv(model: ServedModel, rows: number): string {
  const k = model.predictor.classCount;
  let out = '';
  for (let r = 0; r < rows; r++) {
    out += model.csvLabels[predicted[r]];
    for (let c = 0; c < k; c++) out += `,${probabilities[r * k + c]}`;
    out += '\n';
  }
  return out;
}

function formatJson(model: ServedModel, rows: number): string {
  const k = model.predictor.classCount;
  let out = '{"predictions":[';
  for (let r = 0; r < rows; r++) {
    if (r > 0) out += ',';
    out += model.jsonPrefixes[predicted[r]];
    for (let c = 0; c < k; c++) out += `${model.jsonKeys[c]}${probabilities[r * k + c]}`;
    out += '}}';
  }
  return `${out}]}`;
}

/** one JSON object per row, `{"label":..,"probabilities":[..]}` (classes in model order): what the Clarify explainer reads. */
function formatJsonLines(model: ServedModel, rows: number): string {
  const k = model.predictor.classCount;
  let out = '';
  for (let r = 0; r < rows; r++) {
    out += `{"label":${JSON.stringify(model.predictor.classes[predicted[r]])},"probabilities":[`;
    for (let c = 0; c < k; c++) out += `${c > 0 ? ',' : ''}${probabilities[r * k + c]}`;
    out += ']}\n';
  }
  return out;
}

/**
 * answers one invocation: parses the body by its Content-Type, predicts every row, and formats the
 * result for the Accept header. CSV answers one line per row: `label,p_class1,p_class2,...` (classes
 * in model order); JSON answers `{"predictions":[{"label":..,"probabilities":{class: p}}]}`; JSON Lines
 * (asked by the Clarify explainer) one `{"label":..,"probabilities":[p_class1,..]}` per row.
 * Throws HttpError (415, 406, 400) for bad requests. Synchronous, so the scratch buffers are safe.
 */
export function invoke(model: ServedModel, body: Buffer, contentType: string | undefined, accept: string | undefined): InvocationResult {
  const inFormat = requestFormat(contentType);
  const outFormat: MediaFormat = responseFormat(accept, inFormat);
  const text = body.toString('utf8');
  const rows = inFormat === 'csv' ? parseCsvRows(text, model.predictor) : parseJsonRows(text, model.predictor);
  ensureScratch(rows.rowCount, model.predictor.classCount);
  model.predictor.predict(rows.values, rows.rowCount, probabilities, predicted);
  const out = outFormat === 'csv' ? formatCsv(model, rows.rowCount) : outFormat === 'jsonlines' ? formatJsonLines(model, rows.rowCount) : formatJson(model, rows.rowCount);
  return { contentType: mediaType(outFormat), body: out, rows: rows.rowCount };
}
