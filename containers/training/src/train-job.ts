import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Matrix } from 'ml-matrix';
import { computeStandardization, distinctClasses, prepareData } from '../../model/src/labelled-data';
import type { PreparedData } from '../../model/src/labelled-data';
import { MODEL_FILE_NAME, MODEL_FORMAT, MODEL_FORMAT_VERSION, serializeModelArtifact } from '../../model/src/model-artifact';
import type { ModelArtifact } from '../../model/src/model-artifact';
import { evaluate, initialWeights, trainEpoch } from '../../model/src/softmax-regression';
import type { Evaluation, SoftmaxSettings } from '../../model/src/softmax-regression';
import { readChannel } from './channel-reader';
import type { ChannelData } from './channel-reader';
import { CheckpointStore } from './checkpoint-store';
import { parseHyperparameters } from './hyperparameters';
import type { Hyperparameters } from './hyperparameters';
import { parseInputDataConfig } from './input-data-config';
import { formatEpochLine } from './metric-definitions';
import { isLeader, parseResourceConfig, SINGLE_HOST } from './resource-config';
import type { ResourceConfig } from './resource-config';
import { trainingPaths } from './sagemaker-paths';
import type { TrainingPaths } from './sagemaker-paths';
import { shouldAbandonEpoch } from './stop-signal';
import type { StopSignal } from './stop-signal';

/** what a training run needs from its surroundings. */
export interface TrainingRunOptions {
  /** the folder standing in for /opt/ml */
  readonly root: string;
  /** receives each log line (without newline) */
  readonly log: (line: string) => void;
  /** records SIGTERM; the run checks it between batches */
  readonly stop: StopSignal;
}

/** how a run ended when it did not fail. */
export type TrainingOutcome =
  | { readonly kind: 'completed'; readonly epochs: number; readonly metrics: Readonly<Record<string, number>> }
  | { readonly kind: 'stopped'; readonly epochsDone: number; readonly checkpoint: string | undefined };

async function readJson(file: string, what: string): Promise<unknown> {
  const text = await fs.readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} (${file}) is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

async function loadConfig(paths: TrainingPaths, log: (line: string) => void): Promise<{ hp: Hyperparameters; strings: Record<string, string>; resources: ResourceConfig }> {
  let rawHp: unknown = {};
  if (await exists(paths.hyperparameters)) rawHp = await readJson(paths.hyperparameters, 'hyperparameters.json');
  else log(`config: no ${paths.hyperparameters}; using default hyperparameters`);
  const { values: hp, strings } = parseHyperparameters(rawHp);
  if (!(await exists(paths.inputDataConfig))) {
    throw new Error(`${paths.inputDataConfig} is missing; SageMaker writes it from the job's InputDataConfig, and a local run must write it too, e.g. {"train": {"ContentType": "text/csv"}, "validation": {"ContentType": "text/csv"}}`);
  }
  const { ignored } = parseInputDataConfig(await readJson(paths.inputDataConfig, 'inputdataconfig.json'));
  if (ignored.length > 0) log(`config: ignoring channel(s) ${ignored.join(', ')}; this algorithm reads train and validation`);
  let resources = SINGLE_HOST;
  if (await exists(paths.resourceConfig)) resources = parseResourceConfig(await readJson(paths.resourceConfig, 'resourceconfig.json'));
  return { hp, strings, resources };
}

function prepareChannel(channel: string, data: ChannelData, standardization: ReturnType<typeof computeStandardization>, classes: string[]): PreparedData {
  try {
    return prepareData(data, standardization, classes);
  } catch (error) {
    throw new Error(`channel '${channel}': ${(error as Error).message}`, { cause: error });
  }
}

function compatibilityDigest(train: ChannelData, hp: Hyperparameters, classes: readonly string[]): string {
  const shaping = { data: train.sha256, classes, seed: hp.seed, learningRate: hp.learningRate, decay: hp.learningRateDecay, batchSize: hp.batchSize, l2: hp.l2 };
  return createHash('sha256').update(JSON.stringify(shaping)).digest('hex').slice(0, 32);
}

async function writeModel(dir: string, artifact: ModelArtifact): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `.${MODEL_FILE_NAME}.tmp`);
  await fs.writeFile(temporary, serializeModelArtifact(artifact));
  await fs.rename(temporary, path.join(dir, MODEL_FILE_NAME));
}

/**
 * runs the training contract under `root`: reads config and channels, resumes from the newest usable
 * checkpoint, trains epoch by epoch (checkpointing every N), and writes model.json. Throws on bad
 * input; returns `stopped` when SIGTERM ended the run early (after writing a checkpoint).
 */
export async function runTraining(options: TrainingRunOptions): Promise<TrainingOutcome> {
  const { log, stop } = options;
  const paths = trainingPaths(options.root);
  const { hp, strings, resources } = await loadConfig(paths, log);
  const train = await readChannel('train', path.join(paths.dataDir, 'train'));
  const validation = await readChannel('validation', path.join(paths.dataDir, 'validation'));
  const featureCount = train.features[0].length;
  if (validation.features[0].length !== featureCount) {
    throw new Error(`channel 'validation' has ${validation.features[0].length} feature columns but 'train' has ${featureCount}; both need the same columns`);
  }
  const featureNames = hp.featureNames ?? Array.from({ length: featureCount }, (_, i) => `feature_${i + 1}`);
  if (featureNames.length !== featureCount) {
    throw new Error(`hyperparameter feature_names lists ${featureNames.length} names but the data has ${featureCount} feature columns (after the label); give one name per column`);
  }
  const classes = distinctClasses(train.labels);
  if (classes.length < 2) throw new Error(`channel 'train' has a single label ('${classes[0]}'); a classifier needs at least two`);
  const standardization = computeStandardization(train.features);
  const trainData = prepareChannel('train', train, standardization, classes);
  const validationData = prepareChannel('validation', validation, standardization, classes);
  log(`data: train ${train.features.length} rows, validation ${validation.features.length} rows, ${featureCount} features, classes ${classes.join(', ')}`);

  const settings: SoftmaxSettings = { learningRate: hp.learningRate, learningRateDecay: hp.learningRateDecay, batchSize: hp.batchSize, l2: hp.l2, seed: hp.seed };
  const compatibility = compatibilityDigest(train, hp, classes);
  const store = new CheckpointStore(paths.checkpointDir, resources.currentHost, hp.keepCheckpoints);
  const search = await store.findResumePoint(compatibility, hp.epochs);
  for (const reason of search.skipped) log(`resume: skipping ${reason}; trying the one before`);
  let weights = initialWeights(featureCount, classes.length, hp.seed);
  let done = 0;
  if (search.found) {
    weights = new Matrix(search.found.state.weights as number[][]);
    done = search.found.state.epoch;
    log(`resume: resumed from checkpoint ${search.found.file} (epoch ${done}); continuing at epoch ${done + 1} of ${hp.epochs}`);
  } else {
    log(`resume: no usable checkpoint in ${paths.checkpointDir}; starting at epoch 1 of ${hp.epochs}`);
  }

  let lastCheckpoint = search.found ? done : 0;
  let checkpointFile: string | undefined = search.found?.file;
  let validationResult: Evaluation | undefined;
  let trainResult: Evaluation | undefined;
  const budgetMs = hp.stopBudgetSeconds * 1000;
  for (let epoch = done + 1; epoch <= hp.epochs && stop.requestedAt === undefined; epoch++) {
    const epochStartedAt = performance.now();
    const control = {
      yieldEveryMs: 20,
      shouldAbandon: (fractionDone: number) => shouldAbandonEpoch({ now: performance.now(), stopRequestedAt: stop.requestedAt, budgetMs, epochStartedAt, fractionDone }),
    };
    const next = await trainEpoch(weights, trainData, epoch, settings, control);
    if (!next) {
      log(`stop: abandoned epoch ${epoch}: it would not finish within stop_budget_seconds=${hp.stopBudgetSeconds}`);
      break;
    }
    weights = next;
    done = epoch;
    trainResult = evaluate(weights, trainData);
    validationResult = evaluate(weights, validationData);
    log(formatEpochLine(epoch, hp.epochs, trainResult.loss, validationResult.loss, validationResult.accuracy));
    if (epoch % hp.checkpointEveryEpochs === 0 && stop.requestedAt === undefined) {
      checkpointFile = await store.save({ epoch, weights: weights.to2DArray(), compatibility });
      lastCheckpoint = epoch;
      log(`checkpoint: saved ${checkpointFile} (epoch ${epoch})`);
    }
  }

  if (done < hp.epochs) {
    if (done > lastCheckpoint) {
      checkpointFile = await store.save({ epoch: done, weights: weights.to2DArray(), compatibility });
      log(`checkpoint: saved ${checkpointFile} (epoch ${done}) on ${stop.signal ?? 'stop'}`);
    }
    return { kind: 'stopped', epochsDone: done, checkpoint: checkpointFile };
  }

  trainResult ??= evaluate(weights, trainData);
  validationResult ??= evaluate(weights, validationData);
  const metrics = { 'train:loss': trainResult.loss, 'validation:loss': validationResult.loss, 'validation:accuracy': validationResult.accuracy };
  if (isLeader(resources)) {
    const all = weights.to2DArray();
    await writeModel(paths.modelDir, {
      format: MODEL_FORMAT,
      formatVersion: MODEL_FORMAT_VERSION,
      featureNames,
      classes,
      standardization,
      weights: all.slice(0, featureCount),
      bias: all[featureCount],
      training: { epochs: hp.epochs, hyperparameters: strings, metrics },
    });
    log(`model: wrote ${path.join(paths.modelDir, MODEL_FILE_NAME)}; final validation:accuracy=${validationResult.accuracy.toFixed(4)};`);
  } else {
    log(`model: ${resources.currentHost} is not the first host; ${resources.hosts[0]} writes the model`);
  }
  return { kind: 'completed', epochs: hp.epochs, metrics };
}
