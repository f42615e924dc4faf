import { HyperparameterError, HYPERPARAMETER_SPECS, parseHyperparameters } from '../src/hyperparameters';

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseHyperparameters(raw);
  } catch (error) {
    if (error instanceof HyperparameterError) return error.problems;
    throw error;
  }
  throw new Error('expected a HyperparameterError');
}

describe('parseHyperparameters', () => {
  test('fills every default when SageMaker passes no hyperparameters', () => {
    const { values, strings } = parseHyperparameters({});
    expect(values).toEqual({
      epochs: 30, learningRate: 0.5, learningRateDecay: 0, batchSize: 32, l2: 0.0001, seed: 42,
      checkpointEveryEpochs: 5, keepCheckpoints: 3, stopBudgetSeconds: 60,
    });
    expect(strings.epochs).toBe('30');
    expect(Object.keys(strings).sort()).toEqual(Object.keys(HYPERPARAMETER_SPECS).filter((k) => k !== 'feature_names').sort());
  });

  test('converts the strings SageMaker writes', () => {
    const { values } = parseHyperparameters({ epochs: '12', learning_rate: '2.5e-1', batch_size: ' 64 ', feature_names: 'a, b,c' , seed: '0' });
    expect(values).toMatchObject({ epochs: 12, learningRate: 0.25, batchSize: 64, featureNames: ['a', 'b', 'c'], seed: 0 });
  });

  test('ignores keys SageMaker reserves for itself', () => {
    expect(() => parseHyperparameters({ sagemaker_program: 'x', _tuning_objective_metric: 'validation:accuracy' })).not.toThrow();
  });

  test('fails when a value is not a string, and says to quote it', () => {
    expect(problemsOf({ epochs: 30 })).toEqual(['epochs: SageMaker passes every hyperparameter as a string, got 30 (number); quote it: "epochs": "30"']);
  });

  test('fails when a whole number is expected', () => {
    expect(problemsOf({ epochs: '3.5' })).toEqual(['epochs: \'3.5\' is not a whole number; use e.g. "30"']);
  });

  test('fails when a number is out of range, naming the range', () => {
    expect(problemsOf({ learning_rate: '0' })[0]).toBe('learning_rate: 0 is out of range; it must be > 0 and <= 100 (step size of the first epoch)');
    expect(problemsOf({ stop_budget_seconds: '200' })[0]).toMatch(/^stop_budget_seconds: 200 is out of range; it must be > 0 and <= 110/);
  });

  test('fails when a key is unknown, suggesting the closest one', () => {
    expect(problemsOf({ epoch: '3' })[0]).toMatch(/^epoch: unknown hyperparameter; did you mean 'epochs'\? \(known: epochs, learning_rate/);
  });

  test('fails when feature names repeat or are not column names', () => {
    expect(problemsOf({ feature_names: 'a,a' })[0]).toBe("feature_names: 'a,a' repeats a name; each column needs its own");
    expect(problemsOf({ feature_names: 'a,b c' })[0]).toMatch(/^feature_names: 'b c' is not a usable column name/);
  });

  test('fails with every problem at once', () => {
    const problems = problemsOf({ epochs: 'x', batch_size: '0', colour: 'red' });
    expect(problems).toHaveLength(3);
  });

  test('fails when the file is not an object', () => {
    expect(problemsOf(['epochs'])[0]).toMatch(/must hold a JSON object of string values.*got an array/);
  });
});
