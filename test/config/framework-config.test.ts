import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, parseConfig } from '../../config';
import type { AppConfig } from '../../config';
import { deepMerge } from '../../config/deep-merge';
import { baseDocument } from '../helpers/test-config';

type Doc = Record<string, unknown>;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlpipe-frameworks-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'train.py'), 'print("validation:accuracy=1.0;")\n');
  writeFileSync(join(dir, 'src', 'inference.py'), 'def model_fn(model_dir):\n    return None\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const METRICS = [{ name: 'validation:accuracy', regex: 'validation:accuracy=([0-9.]+)' }];
const XGBOOST = { framework: { name: 'xgboost', version: '1.7-1' }, hyperparameters: { objective: 'multi:softprob', num_class: '3' } };
const SKLEARN = { framework: { name: 'sklearn', version: '1.2-1', sourceDir: 'src' }, metricDefinitions: METRICS };
const PYTORCH = { framework: { name: 'pytorch', version: '2.3.0', sourceDir: 'src', distribution: 'torchDistributed' }, metricDefinitions: METRICS, instanceType: 'ml.g5.xlarge', instanceCount: 2 };

/** parses the base document with overrides as a file in the temporary folder (whose src/ holds the scripts). */
function load(overrides: Doc): AppConfig {
  return parseConfig(stringify(deepMerge(baseDocument(), overrides)), join(dir, 'pipeline.yaml'));
}

/** the problems of a config that must fail, as "path: message" lines. */
function problems(overrides: Doc): string[] {
  try {
    load(overrides);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  throw new Error('the config was accepted');
}

describe('framework models that load', () => {
  it('accepts XGBoost on three instances, scikit-learn on one and PyTorch on two in one catalogue, each on its own endpoint kind', () => {
    const config = load({
      models: { xgb: { ...XGBOOST, instanceCount: 3 }, skl: SKLEARN, torch: PYTORCH },
      stages: [
        { name: 'Staging', account: '222222222222', regions: ['eu-west-1'], endpoint: { kind: 'multiModel', models: ['xgb'] } },
        { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], endpoint: { kind: 'serverless', model: 'skl' } },
        { name: 'Canary', account: '444444444444', regions: ['eu-west-1'], endpoint: { kind: 'instance', model: 'torch' } },
      ],
    });
    expect(config.models.map((m) => [m.name, m.training.framework?.name, m.training.instanceCount, m.code?.files])).toEqual([
      ['xgb', 'xgboost', 3, undefined],
      ['skl', 'sklearn', 1, ['inference.py', 'train.py']],
      ['torch', 'pytorch', 2, ['inference.py', 'train.py']],
    ]);
  });

  it('does not give a framework model the sample container\'s default hyperparameters', () => {
    expect(load({ models: { skl: SKLEARN } }).models[0].training.hyperparameters).toEqual({});
    expect(load({ training: SKLEARN }).models[0].training.hyperparameters).toEqual({});
  });
});

describe('bad framework configs', () => {
  it.each<[string, Doc, string]>([
    ['the sample container trains on two instances', { training: { instanceCount: 2 } }, 'training.instanceCount: must be 1 for the sample container: it trains every instance on its own'],
    ['a catalogue model of the sample container trains on two instances', { models: { iris: { instanceCount: 2 } } }, 'models.iris.instanceCount: must be 1 for the sample container'],
    ['the framework version is unknown', { models: { xgb: { ...XGBOOST, framework: { name: 'xgboost', version: '1.7-2' } } } }, 'models.xgb.framework.version: is not a XGBoost version this project has images for (did you mean "1.7-1"?); use one of "1.5-1", "1.7-1"'],
    ['the framework is unknown', { models: { tf: { framework: { name: 'tensorflow', version: '2.16' } } } }, 'models.tf.framework.name: must be one of "xgboost", "sklearn", "pytorch"'],
    ['the sourceDir does not exist', { models: { skl: { ...SKLEARN, framework: { ...SKLEARN.framework, sourceDir: 'missing' } } } }, 'models.skl.framework.sourceDir: cannot be packed: ' ],
    ['the entry point is not in the sourceDir', { models: { skl: { ...SKLEARN, framework: { ...SKLEARN.framework, entryPoint: 'fit.py' } } } }, 'models.skl.framework.entryPoint: is not a file in '],
    ['script mode has no sourceDir', { models: { skl: { ...SKLEARN, framework: { name: 'sklearn', version: '1.2-1' } } } }, 'models.skl.framework.sourceDir: is required for scikit-learn'],
    ['script mode has no metric definitions', { models: { skl: { framework: SKLEARN.framework } } }, 'models.skl.metricDefinitions: is required for scikit-learn'],
    ['a hyperparameter uses a reserved sagemaker_ name', { models: { skl: { ...SKLEARN, hyperparameters: { sagemaker_program: 'other.py' } } } }, 'models.skl.hyperparameters.sagemaker_program: is reserved: the pipeline sets the sagemaker_* hyperparameters'],
    ['XGBoost is given metric definitions', { models: { xgb: { ...XGBOOST, metricDefinitions: METRICS } } }, 'models.xgb.metricDefinitions: does not apply to xgboost'],
    ['XGBoost gates on a metric it does not emit', { models: { xgb: { ...XGBOOST, metric: { name: 'accuracy' } } } }, 'models.xgb.metric.name: is not a metric the built-in XGBoost algorithm emits'],
    ['XGBoost gates on a validation metric without a validation channel', { training: { ...XGBOOST, channels: { train: { prefix: 'a/', dataVersion: 'v1' } } } }, 'training.metric.name: needs a channel named "validation"'],
    ['XGBoost is given a sourceDir', { models: { xgb: { ...XGBOOST, framework: { ...XGBOOST.framework, sourceDir: 'src' } } } }, 'models.xgb.framework.sourceDir: does not apply to xgboost'],
    ['scikit-learn trains on two instances', { models: { skl: { ...SKLEARN, instanceCount: 2 } } }, 'models.skl.instanceCount: must be 1 for sklearn'],
    ['PyTorch trains on two instances without torchDistributed', { models: { torch: { ...PYTORCH, framework: { ...PYTORCH.framework, distribution: 'none' } } } }, 'models.torch.framework.distribution: must be "torchDistributed" with instanceCount 2'],
    ['scikit-learn trains on a GPU instance', { models: { skl: { ...SKLEARN, instanceType: 'ml.g5.xlarge' } } }, 'models.skl.framework: cannot train in the tooling region eu-west-1: scikit-learn 1.2-1 has no GPU training image'],
    ['the tooling region has no image of the framework', { tooling: { region: 'mx-central-1' }, stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'] }], models: { skl: SKLEARN } }, 'models.skl.framework: cannot train in the tooling region mx-central-1: scikit-learn 1.2-1 has no training image in mx-central-1'],
    ['a stage region has no inference image of the served model', { models: { xgb: XGBOOST }, stages: [{ name: 'Staging', account: '222222222222', regions: ['ca-west-1'] }] }, 'stages[0].regions: cannot serve model "xgb" in ca-west-1: XGBoost 1.7-1 has no inference image in ca-west-1'],
    ['a script-mode model is served by a multi-model endpoint', { models: { torch: PYTORCH }, stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'], endpoint: { kind: 'multiModel' } }] }, 'stages[0].endpoint.kind: cannot serve "torch" (PyTorch 2.3.0) on a multi-model endpoint'],
    ['a multi-model endpoint mixes the sample container and XGBoost', { models: { iris: {}, xgb: XGBOOST }, stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'], endpoint: { kind: 'multiModel' } }] }, 'stages[0].endpoint.models: mixes models served by different images (iris: the sample serving container, xgb: XGBoost 1.7-1)'],
    ['a served script-mode model has no inference script', { models: { skl: { ...SKLEARN, framework: { ...SKLEARN.framework, inferenceEntryPoint: 'serve.py' } } } }, 'models.skl.framework.inferenceEntryPoint: is not a file in '],
  ])('fails when %s', (_what, overrides, expected) => {
    expect(problems(overrides).join('\n')).toContain(expected);
  });

  it('fails when a sourceDir does not exist, saying that relative paths are read from the config file\'s folder', () => {
    expect(problems({ models: { skl: { ...SKLEARN, framework: { ...SKLEARN.framework, sourceDir: 'missing' } } } }).join('\n')).toContain('does not exist; create it with the training script, or fix the path (relative paths are read from the config file\'s folder)');
  });
});
