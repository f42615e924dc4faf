import { evaluateMetric } from '../../../cli/lib/training/metric-gate';

const JOB = 'tst-train-20260504-093000';
const accuracy = { name: 'validation:accuracy', threshold: 0.9, direction: 'maximize' as const };
const loss = { name: 'validation:loss', threshold: 0.25, direction: 'minimize' as const };

/** a job that reported these final metric values. */
const reported = (values: Record<string, number>) => ({
  TrainingJobName: JOB,
  FinalMetricDataList: Object.entries(values).map(([MetricName, Value]) => ({ MetricName, Value })),
});

describe('metric gate, maximize', () => {
  test('passes a value exactly at the threshold', () => {
    expect(evaluateMetric(reported({ 'validation:accuracy': 0.9 }), accuracy)).toEqual({
      name: 'validation:accuracy',
      value: 0.9,
      threshold: 0.9,
      direction: 'maximize',
      passed: true,
      message: 'validation:accuracy = 0.9 meets the threshold (>= 0.9)',
    });
  });

  test('passes a value above the threshold', () => {
    expect(evaluateMetric(reported({ 'validation:accuracy': 0.97 }), accuracy)).toMatchObject({ value: 0.97, passed: true });
  });

  test('fails a value just below the threshold, saying the model is not published', () => {
    expect(evaluateMetric(reported({ 'validation:accuracy': 0.8999 }), accuracy)).toEqual({
      name: 'validation:accuracy',
      value: 0.8999,
      threshold: 0.9,
      direction: 'maximize',
      passed: false,
      message:
        'validation:accuracy = 0.8999 misses the threshold (>= 0.9); the model is not published. Improve the model or data, or change training.metric.threshold in pipeline.yaml',
    });
  });
});

describe('metric gate, minimize', () => {
  test('passes a value exactly at the threshold', () => {
    expect(evaluateMetric(reported({ 'validation:loss': 0.25 }), loss)).toMatchObject({
      value: 0.25,
      direction: 'minimize',
      passed: true,
      message: 'validation:loss = 0.25 meets the threshold (<= 0.25)',
    });
  });

  test('passes a value below the threshold', () => {
    expect(evaluateMetric(reported({ 'validation:loss': 0.1 }), loss)).toMatchObject({ passed: true });
  });

  test('fails a value just above the threshold', () => {
    const verdict = evaluateMetric(reported({ 'validation:loss': 0.2501 }), loss);
    expect(verdict.passed).toBe(false);
    expect(verdict.message).toBe(
      'validation:loss = 0.2501 misses the threshold (<= 0.25); the model is not published. Improve the model or data, or change training.metric.threshold in pipeline.yaml',
    );
  });
});

describe('metric gate without a usable value', () => {
  test('reads the configured metric, not another one the job reported', () => {
    const verdict = evaluateMetric(reported({ 'train:accuracy': 0.99, 'validation:accuracy': 0.5 }), accuracy);
    expect(verdict).toMatchObject({ value: 0.5, passed: false });
  });

  test('fails when the job reported other metrics only, naming them', () => {
    expect(evaluateMetric(reported({ 'train:accuracy': 0.99, 'train:loss': 0.1 }), accuracy)).toEqual({
      name: 'validation:accuracy',
      value: undefined,
      threshold: 0.9,
      direction: 'maximize',
      passed: false,
      message: `job ${JOB} reported no final value of validation:accuracy (reported: train:accuracy, train:loss); check that the container prints "validation:accuracy=<number>;" and that the metric definitions match it`,
    });
  });

  test('fails when the job reported no metrics at all', () => {
    expect(evaluateMetric({ TrainingJobName: JOB }, accuracy).message).toBe(
      `job ${JOB} reported no final value of validation:accuracy (reported: none); check that the container prints "validation:accuracy=<number>;" and that the metric definitions match it`,
    );
    expect(evaluateMetric({ TrainingJobName: JOB, FinalMetricDataList: [] }, accuracy).message).toContain('(reported: none)');
  });

  test.each([
    ['NaN', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
    ['minus infinity', Number.NEGATIVE_INFINITY],
  ])('fails when the value is %s, under either direction', (_what, value) => {
    // minus infinity would pass "minimize" and plus infinity "maximize" if they counted as values
    for (const gate of [accuracy, { ...accuracy, direction: 'minimize' as const }]) {
      const verdict = evaluateMetric(reported({ 'validation:accuracy': value }), gate);
      expect(verdict.passed).toBe(false);
      expect(verdict.value).toBeUndefined();
      expect(verdict.message).toContain('reported no final value of validation:accuracy (reported: validation:accuracy)');
    }
  });
});
