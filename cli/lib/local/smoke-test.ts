import { StepFailure } from './step-results';

/** labelled rows to send: features only go in the request, labels check the answers. */
export interface SmokeRows {
  readonly featureNames: readonly string[];
  readonly rows: readonly { readonly label: string; readonly features: readonly number[] }[];
}

async function post(url: string, contentType: string, body: string, accept?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...(accept ? { accept } : {}) }, body });
  return { status: response.status, text: await response.text() };
}

function expectStatus(what: string, got: { status: number; text: string }, want: number): void {
  if (got.status !== want) throw new StepFailure(`${what} answered ${got.status}, expected ${want}: ${got.text.slice(0, 200)}`);
}

/**
 * checks the hosting contract end to end: /ping, CSV and JSON invocations of labelled rows (whose
 * accuracy must match the training's validation accuracy), and the 415 and 400 error answers.
 * Returns a one-line summary.
 */
export async function smokeTest(baseUrl: string, data: SmokeRows, expectedAccuracy: number): Promise<string> {
  const ping = await fetch(`${baseUrl}/ping`);
  if (ping.status !== 200) throw new StepFailure(`GET /ping answered ${ping.status}, expected 200`);

  const csv = await post(`${baseUrl}/invocations`, 'text/csv', data.rows.map((r) => r.features.join(',')).join('\n'));
  expectStatus('POST /invocations (text/csv)', csv, 200);
  const labels = csv.text.trim().split('\n').map((line) => line.split(',')[0]);
  if (labels.length !== data.rows.length) throw new StepFailure(`the CSV answer has ${labels.length} lines for ${data.rows.length} rows`);
  const accuracy = labels.filter((label, i) => label === data.rows[i].label).length / labels.length;
  if (Math.abs(accuracy - expectedAccuracy) > 1 / labels.length + 1e-9) {
    throw new StepFailure(`served accuracy ${accuracy.toFixed(4)} on the validation rows differs from training's ${expectedAccuracy.toFixed(4)}`);
  }

  const instances = data.rows.slice(0, 3).map((r) => Object.fromEntries(data.featureNames.map((name, i) => [name, r.features[i]])));
  const json = await post(`${baseUrl}/invocations`, 'application/json', JSON.stringify({ instances }), 'application/json');
  expectStatus('POST /invocations (application/json)', json, 200);
  const predictions = (JSON.parse(json.text) as { predictions?: { label: string }[] }).predictions;
  if (!Array.isArray(predictions) || predictions.length !== 3) throw new StepFailure(`the JSON answer is not three predictions: ${json.text.slice(0, 200)}`);

  expectStatus('POST /invocations (text/plain)', await post(`${baseUrl}/invocations`, 'text/plain', '1,2,3,4'), 415);
  expectStatus('POST /invocations (malformed CSV)', await post(`${baseUrl}/invocations`, 'text/csv', '1,2,x,4'), 400);
  return `ping 200; CSV ${labels.length} rows, accuracy ${accuracy.toFixed(4)} (training ${expectedAccuracy.toFixed(4)}); JSON 200; 415 and 400 as expected`;
}
