import type { SmokeCase } from './smoke-case';

/** the predicted labels of an answer: the first cell of each CSV line, or `predictions[].label` of JSON. */
export function predictedLabels(body: string, contentType: string | undefined): string[] | undefined {
  if ((contentType ?? '').includes('json')) {
    try {
      const parsed = JSON.parse(body) as { predictions?: { label?: unknown }[] };
      if (!Array.isArray(parsed.predictions)) return undefined;
      return parsed.predictions.map((p) => String(p.label));
    } catch {
      return undefined;
    }
  }
  return body
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',')[0].trim().replace(/^"(.*)"$/, '$1'));
}

/** what is wrong with an answer to a case; empty when it is right. */
export function checkAnswer(smokeCase: SmokeCase, body: string, contentType: string | undefined): string[] {
  const problems: string[] = [];
  if (smokeCase.labels) {
    const labels = predictedLabels(body, contentType);
    if (labels === undefined) problems.push(`the answer (${contentType ?? 'no Content-Type'}) has no predictions to compare: ${body.slice(0, 200)}`);
    else if (labels.join('|') !== smokeCase.labels.join('|')) problems.push(`predicted [${labels.join(', ')}], expected [${smokeCase.labels.join(', ')}]`);
  }
  for (const text of smokeCase.includes) {
    if (!body.includes(text)) problems.push(`the answer does not contain "${text}": ${body.slice(0, 200)}`);
  }
  return problems;
}
