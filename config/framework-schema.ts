import { z } from 'zod';
import { FRAMEWORK_NAMES, FRAMEWORK_TITLES, frameworkVersionProblem } from './framework-images';

/** the prefix of the hyperparameters the framework containers read, which the pipeline sets. */
export const RESERVED_HYPERPARAMETER_PREFIX = 'sagemaker_';

const scriptName = z
  .string()
  .regex(/^(?!.*\.\.)(?!\/)[A-Za-z0-9_][A-Za-z0-9_./-]{0,200}\.py$/, { error: 'must be a Python file inside sourceDir, relative to it, e.g. "train.py"' });

/**
 * `framework:` of a model: train on an AWS framework image instead of the sample container.
 * `xgboost` is SageMaker's built-in XGBoost algorithm (no code of yours); `sklearn` and `pytorch`
 * run your `entryPoint` from `sourceDir` in script mode.
 */
export const frameworkSchema = z
  .strictObject({
    name: z
      .enum(FRAMEWORK_NAMES, { error: `must be one of ${FRAMEWORK_NAMES.map((n) => `"${n}"`).join(', ')}; leave framework out to train the sample container` })
      .describe('the framework: "xgboost" (the built-in algorithm), "sklearn" or "pytorch" (script mode with your sourceDir); e.g. "xgboost"'),
    version: z.string({ error: 'must be a framework version, e.g. "1.7-1" for xgboost, "1.2-1" for sklearn, "2.3.0" for pytorch' }).describe('the framework version of the AWS image, one of the versions in config/frameworks/framework-images.json, e.g. "1.7-1"'),
    pythonVersion: z.string().regex(/^py\d+$/, { error: 'must be a Python version tag such as "py3" or "py311"' }).optional().describe('script mode: the Python version of the image (default: the one the image table lists for the version), e.g. "py311"'),
    sourceDir: z.string().min(1).max(1024).optional().describe('script mode (sklearn, pytorch; required there): the folder of your training and inference code, relative to the config file, packed as a content-addressed archive whose hash joins the model\'s identity; e.g. "examples/pytorch/src"'),
    entryPoint: scriptName.default('train.py').describe('script mode: the training script in sourceDir (default "train.py")'),
    inferenceEntryPoint: scriptName.default('inference.py').describe('script mode: the inference script in sourceDir that endpoints run (default "inference.py"); the training script copies sourceDir into <model dir>/code so the model archive carries it'),
    distribution: z
      .enum(['none', 'torchDistributed'])
      .default('none')
      .describe('pytorch: "torchDistributed" launches the script with torchrun on every instance (sagemaker_torch_distributed_enabled); required above one instance; default "none"'),
  })
  .describe('train on an AWS framework image (default: the sample container); e.g. { name: xgboost, version: "1.7-1" }');

export type FrameworkConfig = z.output<typeof frameworkSchema>;

/** what the framework rules read of one model's training settings. */
interface FrameworkFields {
  readonly framework?: FrameworkConfig;
  readonly instanceCount: number;
  readonly hyperparameters: Readonly<Record<string, string>>;
  readonly channels: Readonly<Record<string, unknown>>;
  readonly metric: { readonly name: string };
  readonly metricDefinitions?: readonly unknown[];
}

/** the most hyperparameters of a script-mode model: SageMaker's 100 less the ones the pipeline adds. */
export const MAX_SCRIPT_HYPERPARAMETERS = 93;

/** the metric names the built-in XGBoost algorithm emits: `<train|validation>:<eval_metric>`. */
export const XGBOOST_METRIC = /^(train|validation):[a-z][a-z0-9@_-]*$/;

/** whether a model trains in script mode (its own code on a framework image). */
export function isScriptMode(framework: Pick<FrameworkConfig, 'name'> | undefined): boolean {
  return framework !== undefined && framework.name !== 'xgboost';
}

/** the framework rules of one model (the reserved hyperparameters apply to every model). */
export function checkFramework(training: FrameworkFields, ctx: z.core.$RefinementCtx): void {
  for (const name of Object.keys(training.hyperparameters)) {
    if (!name.startsWith(RESERVED_HYPERPARAMETER_PREFIX)) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['hyperparameters', name],
      input: training.hyperparameters[name],
      message: `is reserved: the pipeline sets the ${RESERVED_HYPERPARAMETER_PREFIX}* hyperparameters the framework containers read (program, submit directory, region, distribution) from framework:; remove it and set framework.entryPoint or framework.distribution instead`,
    });
  }
  const framework = training.framework;
  if (framework === undefined) return;
  const title = FRAMEWORK_TITLES[framework.name];
  const report = (path: PropertyKey[], input: unknown, message: string) => ctx.addIssue({ code: 'custom', path, input, message });
  const versionProblem = frameworkVersionProblem(framework.name, framework.version);
  if (versionProblem) report(['framework', 'version'], framework.version, versionProblem);
  if (framework.name === 'xgboost') {
    if (framework.sourceDir !== undefined) report(['framework', 'sourceDir'], framework.sourceDir, 'does not apply to xgboost: the built-in XGBoost algorithm runs no code of yours; remove sourceDir (its settings are hyperparameters such as objective and num_round)');
    if (training.metricDefinitions !== undefined) report(['metricDefinitions'], training.metricDefinitions, 'does not apply to xgboost: the built-in algorithm publishes its own metrics ("validation:rmse", "train:auc", ...); remove metricDefinitions and gate on one of those');
    if (!XGBOOST_METRIC.test(training.metric.name)) {
      report(['metric', 'name'], training.metric.name, 'is not a metric the built-in XGBoost algorithm emits; use "<train|validation>:<eval_metric>", e.g. "validation:rmse" or "validation:auc"');
    } else if (training.metric.name.startsWith('validation:') && !('validation' in training.channels)) {
      report(['metric', 'name'], training.metric.name, 'needs a channel named "validation": XGBoost emits validation:* metrics only when it gets one; add channels.validation or gate on a train:* metric');
    }
  } else {
    const channels = Object.keys(training.channels).length;
    if (channels > 19) report(['channels'], channels, `has ${channels} channels; script mode adds the "code" channel that carries sourceDir and SageMaker accepts 20, so list at most 19`);
    if ('code' in training.channels) report(['channels', 'code'], training.channels.code, 'is reserved in script mode: the pipeline passes sourceDir to the job as the "code" channel (network isolation blocks the framework\'s own S3 download); rename the channel');
    const count = Object.keys(training.hyperparameters).length;
    if (count > MAX_SCRIPT_HYPERPARAMETERS) report(['hyperparameters'], count, `has ${count} entries; SageMaker accepts 100 hyperparameters and script mode adds up to ${100 - MAX_SCRIPT_HYPERPARAMETERS} of its own (sagemaker_program, sagemaker_submit_directory, ...), so keep at most ${MAX_SCRIPT_HYPERPARAMETERS}`);
    if (framework.sourceDir === undefined) report(['framework', 'sourceDir'], undefined, `is required for ${title}: script mode runs your entryPoint from it; e.g. sourceDir: examples/${framework.name}/src`);
    if (training.metricDefinitions === undefined) report(['metricDefinitions'], undefined, `is required for ${title}: SageMaker reads your script's metrics from its log with these regexes; e.g. [{ name: "validation:accuracy", regex: "validation:accuracy=([0-9.]+)" }]`);
  }
  if (framework.distribution !== 'none' && framework.name !== 'pytorch') report(['framework', 'distribution'], framework.distribution, 'applies to pytorch only; remove it');
  if (framework.pythonVersion !== undefined && framework.name === 'xgboost') report(['framework', 'pythonVersion'], framework.pythonVersion, 'does not apply to xgboost (its image has no Python variants); remove it');
  if (training.instanceCount > 1 && framework.name === 'sklearn') {
    report(['instanceCount'], training.instanceCount, 'must be 1 for sklearn: scikit-learn trains on one host and SageMaker\'s scikit-learn image has no distributed launcher, so further instances would only train copies; use 1, or XGBoost or PyTorch to train across instances');
  }
  if (training.instanceCount > 1 && framework.name === 'pytorch' && framework.distribution === 'none') {
    report(['framework', 'distribution'], framework.distribution, `must be "torchDistributed" with instanceCount ${training.instanceCount}: without it every instance runs the script on its own and only one host's model is kept; set distribution: torchDistributed (torchrun on every instance) or instanceCount: 1`);
  }
}
