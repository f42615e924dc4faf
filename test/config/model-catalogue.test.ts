import { formatProblem } from '../../config';
import { deepMerge } from '../../config/deep-merge';
import { catalogueEntries, modelKeyFor } from '../../config/model-definition';
import { resolveConfig } from '../../config/resolve-config';
import { baseDocument, repoDocument, testConfig } from '../helpers/test-config';

const HASH = 'b'.repeat(64);
const softmaxL2 = { hyperparameters: { l2: '0.01', epochs: '120' } };
const twoModels = { models: { 'iris-softmax': {}, 'iris-softmax-l2': softmaxL2 } };

/** the problems of a document, formatted as the CLI prints them. */
function problemsOf(overrides: Record<string, unknown>): string[] {
  const result = resolveConfig(deepMerge(baseDocument(), overrides));
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.problems.map(formatProblem);
}

describe('the model catalogue', () => {
  test('a config without models: trains its training: block as the one model "default", with the key it always had', () => {
    const config = testConfig();
    expect(config.models.map((m) => m.name)).toEqual(['default']);
    const [entry] = catalogueEntries(config, HASH);
    expect(entry.key).toBe(modelKeyFor(config, HASH));
    // the content address of the base test config at the commit before catalogues (7c8a6e9): a model trained then is not retrained
    expect(entry.key).toBe('models/aadbbdcfaa6d5957ba97160607291997/model.tar.gz');
  });

  test('a model that overrides nothing has the key the same training: block has as a one-model config', () => {
    const catalogue = testConfig({ models: { 'iris-softmax': {} } });
    expect(catalogueEntries(catalogue, HASH)[0].key).toBe(modelKeyFor(testConfig(), HASH));
  });

  test('models inherit training: and override it key by key (hyperparameters merge)', () => {
    const config = testConfig({ training: { instanceType: 'ml.c5.xlarge' }, ...twoModels });
    const [plain, l2] = config.models;
    expect(plain.training.instanceType).toBe('ml.c5.xlarge');
    expect(l2.training.instanceType).toBe('ml.c5.xlarge');
    expect(l2.training.hyperparameters).toMatchObject({ l2: '0.01', epochs: '120', learning_rate: '0.1', feature_names: 'sepal_length,sepal_width,petal_length,petal_width' });
    expect(plain.training.hyperparameters).not.toHaveProperty('l2');
  });

  test('two models give two content-addressed keys, in catalogue order', () => {
    const entries = catalogueEntries(testConfig(twoModels), HASH);
    expect(entries.map((e) => e.name)).toEqual(['iris-softmax', 'iris-softmax-l2']);
    expect(new Set(entries.map((e) => e.key)).size).toBe(2);
    expect(entries[1].targetModel).toBe(`${entries[1].identity}/model.tar.gz`);
  });

  test('changing one model\'s hyperparameters moves only that model\'s key', () => {
    const before = catalogueEntries(testConfig(twoModels), HASH);
    const after = catalogueEntries(testConfig({ models: { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2: '0.02', epochs: '120' } } } }), HASH);
    expect(after[0].key).toBe(before[0].key);
    expect(after[1].key).not.toBe(before[1].key);
  });

  test('changing a shared training setting moves every model\'s key', () => {
    const before = catalogueEntries(testConfig(twoModels), HASH);
    const after = catalogueEntries(testConfig({ training: { instanceType: 'ml.c5.xlarge' }, ...twoModels }), HASH);
    expect(after.map((e) => e.key).filter((k) => before.some((b) => b.key === k))).toEqual([]);
  });

  test('the default pipeline.yaml has at least two models with different keys', () => {
    const config = testConfig({}, repoDocument());
    expect(config.models.length).toBeGreaterThanOrEqual(2);
    expect(new Set(catalogueEntries(config, HASH).map((e) => e.key)).size).toBe(config.models.length);
  });

  test('the Train step runs four jobs at once unless told otherwise', () => {
    expect(testConfig().training.maxConcurrentJobs).toBe(4);
    expect(testConfig({ training: { maxConcurrentJobs: 10 } }).training.maxConcurrentJobs).toBe(10);
  });
});

describe('which models an endpoint serves', () => {
  const stage = (endpoint: Record<string, unknown>) => ({ stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'], endpoint }] });

  test('an instance endpoint serves the first model unless endpoint.model names another', () => {
    expect(testConfig(twoModels).stages[0].models).toEqual(['iris-softmax']);
    expect(testConfig({ ...twoModels, ...stage({ model: 'iris-softmax-l2' }) }).stages[0].models).toEqual(['iris-softmax-l2']);
  });

  test('a multi-model endpoint serves every model unless endpoint.models lists some', () => {
    expect(testConfig({ ...twoModels, ...stage({ kind: 'multiModel' }) }).stages[0].models).toEqual(['iris-softmax', 'iris-softmax-l2']);
    expect(testConfig({ ...twoModels, ...stage({ kind: 'multiModel', models: ['iris-softmax-l2'] }) }).stages[0].models).toEqual(['iris-softmax-l2']);
  });

  test('fails when endpoint.model names a model that does not exist, listing the names that do', () => {
    expect(problemsOf({ ...twoModels, ...stage({ model: 'iris-softmx' }) })).toEqual([
      'stages[0].endpoint.model: "iris-softmx" is not a model of the catalogue; use one of "iris-softmax", "iris-softmax-l2" (the names under models:)',
    ]);
  });

  test('fails when endpoint.models names a model that does not exist, at its position', () => {
    expect(problemsOf({ ...twoModels, ...stage({ kind: 'multiModel', models: ['iris-softmax', 'nope'] }) })).toEqual([
      'stages[0].endpoint.models[1]: "nope" is not a model of the catalogue; use one of "iris-softmax", "iris-softmax-l2" (the names under models:)',
    ]);
  });

  test('fails when defaults.endpoint.model names a model that does not exist, naming the stage that inherits it', () => {
    const problems = problemsOf({ ...twoModels, defaults: { endpoint: { model: 'gone' } } });
    expect(problems).toEqual(['defaults.endpoint.model (inherited by stage "Staging"): "gone" is not a model of the catalogue; use one of "iris-softmax", "iris-softmax-l2" (the names under models:)']);
  });

  test('fails when a one-model config names a model, saying its one model is "default"', () => {
    expect(problemsOf(stage({ model: 'iris-softmax' }))[0]).toContain('use one of "default" (without models:, the training: block is the one model, "default")');
  });

  test('fails when a multi-model endpoint is given one model, or an instance endpoint a list', () => {
    expect(problemsOf({ ...twoModels, ...stage({ kind: 'multiModel', model: 'iris-softmax' }) })[0]).toContain('write models: ["iris-softmax"] instead');
    expect(problemsOf({ ...twoModels, ...stage({ models: ['iris-softmax'] }) })[0]).toContain('write model: "iris-softmax" instead, or set kind "multiModel"');
  });
});

describe('a bad catalogue', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a model overrides with a bad value', { models: { a1: { instanceType: 'm5.large' } } }, 'models.a1.instanceType: "m5.large" is not a SageMaker training instance type'],
    ['a model misspells a setting', { models: { a1: { hyperparameter: {} } } }, 'models.a1.hyperparameter'],
    ['a model sets the shared network', { models: { a1: { network: { maxAzs: 3 } } } }, 'models.a1.network: {"maxAzs":3} cannot be set per model: the training network is shared'],
    ['a model sets the step\'s concurrency', { models: { a1: { maxConcurrentJobs: 2 } } }, 'models.a1.maxConcurrentJobs: 2 cannot be set per model'],
    ['a model name has capitals', { models: { IrisSoftmax: {} } }, 'must be 2-40 lowercase letters'],
    ['the catalogue is empty', { models: {} }, 'must list 1 to 100 models'],
    [
      'the models cannot all train within the step\'s 36 hours at the concurrency limit',
      { training: { maxConcurrentJobs: 1, maxRuntimeSeconds: 36_000, spot: false }, models: { a1: {}, a2: { hyperparameters: { l2: '0.1' } }, a3: { hyperparameters: { l2: '0.2' } }, a4: { hyperparameters: { l2: '0.3' } } } },
      'training.maxConcurrentJobs: 1 runs the 4 models in 4 rounds of up to 36000 s',
    ],
    ['a model makes an inherited setting invalid', { training: { maxWaitSeconds: 4000 }, models: { a1: { maxRuntimeSeconds: 5000 } } }, 'training.maxWaitSeconds (inherited by model "a1"): 4000 is less than maxRuntimeSeconds (5000)'],
  ])('fails when %s', (_what, overrides, words) => {
    expect(problemsOf(overrides).join('\n')).toContain(words);
  });
});
