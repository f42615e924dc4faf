import { stringify } from 'yaml';
import { ConfigError, formatProblem, parseConfig } from '../../config';
import { baseDocument } from '../helpers/test-config';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** every problem of a YAML text, formatted as `mlpipe validate` prints them. */
function problemsOf(text: string): string[] {
  try {
    parseConfig(text, 'pipeline.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected the config to be invalid');
}

const twoStages = (): Doc => ({
  ...baseDocument(),
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'] },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], approval: true },
  ],
});

describe('config problems read as sentences', () => {
  test('fails when a list is missing, saying "add it (a list)"', () => {
    const { stages: _stages, ...doc } = baseDocument();
    expect(problemsOf(stringify(doc))).toEqual(['stages is missing; add it (a list)']);
  });

  test('fails when the YAML is broken, with the position first and the parser\'s words once', () => {
    const text = stringify(baseDocument()).replace('project:\n', 'project:\n  notes: [unclosed\n');
    expect(problemsOf(text)).toEqual(['line 3, column 3 is not valid YAML: flow sequence in block collection must be sufficiently indented and end with a ]; fix the syntax there']);
  });

  test('fails when approval is written yes, with the hint to write true', () => {
    const text = stringify(twoStages()).replace('approval: true', 'approval: yes');
    expect(problemsOf(text)).toEqual(['stages[1].approval: "yes" is a string but must be true or false; write true without quotes (YAML 1.2 reads yes as the text "yes", not as true)']);
  });

  test('fails when a key under defaults is misspelt, reporting it once where it was written', () => {
    const doc = twoStages();
    doc.defaults = { endpoint: { instanse: { instanceType: 'ml.m5.large' } } };
    const problems = problemsOf(stringify(doc));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^defaults\.endpoint\.instanse is not a known key \(did you mean "instance"\?\); fix the spelling or remove it \(allowed here: kind, instance, /);
  });

  test('fails when a stage misspells a key of its own override, reporting it at the stage', () => {
    const doc = twoStages();
    doc.stages[1].endpoint = { instanse: { instanceType: 'ml.m5.large' } };
    expect(problemsOf(stringify(doc))).toEqual([expect.stringMatching(/^stages\[1\]\.endpoint\.instanse is not a known key \(did you mean "instance"\?\)/)]);
  });

  test('fails when a default is bad for every stage, reporting it once and naming the stages that inherit it', () => {
    const doc = twoStages();
    doc.defaults = { network: { maxAzs: 1 } };
    const problems = problemsOf(stringify(doc));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^defaults\.network\.maxAzs \(inherited by stages "Staging", "Prod"\): 1 /);
  });

  test('fails when a value is empty, saying so instead of "a null"', () => {
    const text = `${stringify(baseDocument())}pipeline:\n  notify:\n    emails:\n`;
    expect(problemsOf(text)).toEqual(['pipeline.notify.emails: null is empty but must be a list; give it a value or remove the key']);
  });
});
