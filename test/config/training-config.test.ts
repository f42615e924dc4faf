import { formatProblem } from '../../config';
import { hasInstanceStorage } from '../../config/training-schema';
import { effectiveMaxWaitSeconds } from '../../config/training-schema';
import { resolveConfig } from '../../config/resolve-config';
import { baseDocument, testConfig } from '../helpers/test-config';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const tooMany = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`h${i}`, '1']));

/** [what is wrong, the training section, the problem's path, words of the fix]. */
const CASES: [string, Doc, string, string][] = [
  ['the spot wait is shorter than the runtime', { maxRuntimeSeconds: 3600, maxWaitSeconds: 1800 }, 'training.maxWaitSeconds', 'set it to at least 3600, e.g. 7200'],
  ['a wait is given without spot', { spot: false, maxWaitSeconds: 7200 }, 'training.maxWaitSeconds', 'remove it or set spot: true'],
  ['the instance type has no ml. prefix', { instanceType: 'm5.large' }, 'training.instanceType', '(did you mean "ml.m5.large"?)'],
  ['the instance size is unknown', { instanceType: 'ml.m5.huge' }, 'training.instanceType', 'e.g. "ml.m5.large"'],
  ['the instance count is 0', { instanceCount: 0 }, 'training.instanceCount', 'use a value >= 1'],
  ['the runtime exceeds 28 days', { maxRuntimeSeconds: 2_419_201 }, 'training.maxRuntimeSeconds', '28 days'],
  ['the runtime is under a minute', { maxRuntimeSeconds: 30 }, 'training.maxRuntimeSeconds', 'give the job time to start'],
  ['the spot wait outlasts the training step', { maxRuntimeSeconds: 86_400, maxWaitSeconds: 172_800 }, 'training.maxWaitSeconds', 'set maxWaitSeconds to at most 127800'],
  ['the default wait (twice the runtime) outlasts the training step', { maxRuntimeSeconds: 86_400 }, 'training.maxWaitSeconds', 'it defaults to twice maxRuntimeSeconds'],
  ['an on-demand runtime outlasts the training step', { spot: false, maxRuntimeSeconds: 200_000 }, 'training.maxRuntimeSeconds', 'set maxRuntimeSeconds to at most 127800'],
  ['retries exceed 30', { retries: 31 }, 'training.retries', 'use a value <= 30'],
  ['there are too many hyperparameters', { hyperparameters: tooMany }, 'training.hyperparameters', 'SageMaker accepts 100 hyperparameters'],
  ['a hyperparameter is a number', { hyperparameters: { epochs: 30 } }, 'training.hyperparameters.epochs', 'quote it, e.g. "30"'],
  ['a hyperparameter value is too long', { hyperparameters: { feature_names: 'x'.repeat(257) } }, 'training.hyperparameters.feature_names', 'at most 256 per value'],
  ['the checkpoint cadence is set as a hyperparameter', { hyperparameters: { checkpoint_every_epochs: '3' } }, 'training.hyperparameters.checkpoint_every_epochs', 'set that instead'],
  ['a channel has no data version', { channels: { train: { prefix: 'iris/train/' } } }, 'training.channels.train.dataVersion', 'change it whenever the data under the prefix changes'],
  ['a channel prefix starts with a slash', { channels: { train: { prefix: '/iris/train/', dataVersion: 'v1' } } }, 'training.channels.train.prefix', 'without a leading "/"'],
  ['a channel prefix is not a folder', { channels: { train: { prefix: 'iris/train.csv', dataVersion: 'v1' } } }, 'training.channels.train.prefix', 'ending with "/"'],
  ['there are no channels', { channels: {} }, 'training.channels', 'must list 1 to 20 channels'],
  ['the metric direction is unknown', { metric: { direction: 'up' } }, 'training.metric.direction', 'is not one of "maximize", "minimize"'],
  ['the gated metric is not among the given definitions', { metricDefinitions: [{ name: 'f1', regex: 'f1=([0-9.]+)' }], metric: { name: 'validation:accuracy' } }, 'training.metric.name', 'gate on a metric the container prints'],
  ['a training key is misspelt', { maxWaitSecond: 7200 }, 'training.maxWaitSecond', 'did you mean "maxWaitSeconds"?'],
];

describe('training config', () => {
  test.each(CASES)('fails when %s', (_what, training, path, fix) => {
    const result = resolveConfig({ ...baseDocument(), training });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((p) => p.path === path);
    expect(problem ? formatProblem(problem) : result.problems.map(formatProblem)).toContain(fix);
  });

  test('defaults to managed spot with a wait of twice the runtime', () => {
    const { training } = testConfig();
    expect(training).toMatchObject({ instanceType: 'ml.m5.large', instanceCount: 1, spot: true, maxRuntimeSeconds: 3600, retries: 2 });
    expect(effectiveMaxWaitSeconds(training)).toBe(7200);
    expect(Object.keys(training.channels)).toEqual(['train', 'validation']);
  });

  test('accepts a wait equal to the runtime (the API contract is >=)', () => {
    expect(effectiveMaxWaitSeconds(testConfig({ training: { maxRuntimeSeconds: 600, maxWaitSeconds: 600 } }).training)).toBe(600);
  });

  test('has no wait on demand', () => {
    expect(effectiveMaxWaitSeconds(testConfig({ training: { spot: false } }).training)).toBeUndefined();
  });

  test('accepts distributed training', () => {
    expect(testConfig({ training: { instanceCount: 4, instanceType: 'ml.c5.2xlarge' } }).training.instanceCount).toBe(4);
  });

  test('knows which instance types have instance storage (no volume key)', () => {
    expect(['ml.m5d.large', 'ml.g4dn.xlarge', 'ml.g4ad.xlarge', 'ml.p4d.24xlarge', 'ml.g5.xlarge', 'ml.trn1.32xlarge'].map(hasInstanceStorage)).toEqual([true, true, true, true, true, true]);
    expect(['ml.m5.large', 'ml.c5.2xlarge', 'ml.p3.2xlarge'].map(hasInstanceStorage)).toEqual([false, false, false]);
  });
});

describe('smoke test config', () => {
  test('defaults every stage\'s gates', () => {
    expect(testConfig().stages[0].smokeTest).toEqual({ enabled: true, samplesDir: 'test-data/smoke', latencyRequests: 200, concurrency: 4, p99LatencyMs: 500 });
  });

  test('fails when the latency check has too few requests for a p99', () => {
    const result = resolveConfig({ ...baseDocument(), stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'], smokeTest: { latencyRequests: 5 } }] });
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(['stages[0].smokeTest.latencyRequests: 5 is below 20; a p99 needs at least 20 requests to mean anything']);
  });
});
