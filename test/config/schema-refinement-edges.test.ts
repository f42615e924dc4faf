import { formatProblem } from '../../config';
import { deepMerge } from '../../config/deep-merge';
import { defaultRolloutStrategy, endpointSchemaFor } from '../../config/endpoint-schema';
import { resolveConfig } from '../../config/resolve-config';
import { hasInstanceStorage, trainingSchema } from '../../config/training-schema';
import { NOTEBOOK_INSTANCE_TYPES, STUDIO_INSTANCE_TYPES } from '../../config/workspace-schema';
import { baseDocument } from '../helpers/test-config';

type Doc = Record<string, unknown>;

/** the paths of the problems of one model's training settings (empty when accepted). */
function trainingProblemPaths(training: Doc): string[] {
  const result = trainingSchema.safeParse(training);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

const scaled = { instance: { initialInstanceCount: 2 }, scaling: { minCapacity: 2, maxCapacity: 4, targetTracking: { targetValue: 100 } } };

describe('instance storage: every family listed as having NVMe storage', () => {
  test('has it for each family SageMaker gives local NVMe volumes without a d in the name', () => {
    const families = ['g5', 'g6', 'g6e', 'gr6', 'p5', 'p5e', 'p5en', 'trn1', 'trn1n', 'trn2', 'inf2'];
    expect(families.filter((f) => !hasInstanceStorage(`ml.${f}.xlarge`))).toEqual([]);
  });

  test('reads the d from the options after the generation, with one or more digits, and not from the family letters', () => {
    expect(['ml.m5d.large', 'ml.x10d.large', 'ml.r5dn.large', 'ml.m6id.large'].map(hasInstanceStorage)).toEqual([true, true, true, true]);
    expect(['ml.dl1.24xlarge', 'ml.m5.large', 'ml.d.large', 'ml.5d.large'].map(hasInstanceStorage)).toEqual([false, false, false, false]);
  });
});

describe('training: the rules that depend on the framework', () => {
  const xgboost = { name: 'xgboost', version: '1.7-1' };

  test('accepts checkpoint_every_epochs as a hyperparameter of a framework image, fails on it for the sample container', () => {
    const hyperparameters = { checkpoint_every_epochs: '3' };
    expect(trainingProblemPaths({ framework: xgboost, metric: { name: 'validation:rmse', threshold: 1, direction: 'minimize' }, hyperparameters })).toEqual([]);
    expect(trainingProblemPaths({ hyperparameters })).toEqual(['hyperparameters.checkpoint_every_epochs']);
  });

  test('does not ask an xgboost gate to be one of metricDefinitions (xgboost rejects metricDefinitions itself)', () => {
    const paths = trainingProblemPaths({ framework: xgboost, metric: { name: 'validation:rmse', threshold: 1, direction: 'minimize' }, metricDefinitions: [{ name: 'f1', regex: 'f1=(.*)' }] });
    expect(paths).toEqual(['metricDefinitions']);
  });
});

describe('endpoint: the default rollout strategy of a stage', () => {
  test('is all at once when the instance settings are null, an array or a string', () => {
    for (const instance of [null, [2], '2']) expect(defaultRolloutStrategy('production', { instance })).toBe('allAtOnce');
  });

  test('keeps the other rollout settings of a production stage when it fills in the canary', () => {
    const result = endpointSchemaFor({ environment: 'production' }).safeParse({ ...scaled, rollout: { bakeSeconds: 900 } });
    expect(result.success && result.data.rollout).toMatchObject({ strategy: 'canary', bakeSeconds: 900 });
  });

  test('fails when the endpoint is not a mapping, as the schema says (nothing is filled in)', () => {
    const result = endpointSchemaFor({ environment: 'production' }).safeParse('ml.m5.large');
    expect(result.success ? [] : result.error.issues.map((i) => [i.code, i.path.join('.')])).toEqual([['invalid_type', '']]);
  });

  test('fails when rollout is not a mapping, instead of replacing it with the default rollout', () => {
    const doc = deepMerge(baseDocument(), { stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'], endpoint: { rollout: 'fast' } }] });
    const result = resolveConfig(doc);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([expect.stringMatching(/^stages\[0\]\.endpoint\.rollout: "fast" /)]);
  });
});

describe('training and workspace: the second branch of each rule', () => {
  test('fails an on-demand wait shorter than the runtime only for being a wait without spot', () => {
    expect(trainingProblemPaths({ spot: false, maxRuntimeSeconds: 3600, maxWaitSeconds: 1800 })).toEqual(['maxWaitSeconds']);
    const result = trainingSchema.safeParse({ spot: false, maxRuntimeSeconds: 3600, maxWaitSeconds: 1800 });
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual(['only applies to managed spot training; remove it or set spot: true']);
  });

  test('accepts a type only notebook instances offer for a notebook, and fails on it for Studio', () => {
    const notebookOnly = NOTEBOOK_INSTANCE_TYPES.find((t) => !STUDIO_INSTANCE_TYPES.includes(t)) ?? '';
    const workspace = (kind: string) => ({ workspace: { kind, instanceType: notebookOnly, users: [{ name: 'alice', identity: 'arn:aws:iam::111111111111:role/DataScientist' }] } });
    const problems = (doc: Doc) => {
      const result = resolveConfig(deepMerge(baseDocument(), doc));
      return result.ok ? [] : result.problems.map(formatProblem);
    };
    expect(notebookOnly).not.toBe('');
    expect(problems(workspace('notebook'))).toEqual([]);
    expect(problems(workspace('studio'))).toEqual([expect.stringMatching(/^workspace\.instanceType: ".*" is not an instance type of a Studio JupyterLab app/)]);
  });
});
