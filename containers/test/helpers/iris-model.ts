import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Matrix } from 'ml-matrix';
import { computeStandardization, distinctClasses, prepareData } from '../../model/src/labelled-data';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, serializeModelArtifact } from '../../model/src/model-artifact';
import type { ModelArtifact } from '../../model/src/model-artifact';
import { initialWeights, trainEpoch } from '../../model/src/softmax-regression';
import { IRIS_FEATURE_NAMES, splitIris } from '../../sample-data/src/iris';

/** a small iris model trained in-process (10 epochs), for serving tests. */
export async function irisArtifact(): Promise<ModelArtifact> {
  const { train } = splitIris();
  const rows = { features: train.map((r) => r.features), labels: train.map((r) => r.label) };
  const standardization = computeStandardization(rows.features);
  const classes = distinctClasses(rows.labels);
  const data = prepareData(rows, standardization, classes);
  const settings = { learningRate: 0.5, learningRateDecay: 0, batchSize: 16, l2: 1e-4, seed: 1 };
  let w = initialWeights(4, classes.length, settings.seed);
  for (let epoch = 1; epoch <= 10; epoch++) w = (await trainEpoch(w, data, epoch, settings)) as Matrix;
  const all = w.to2DArray();
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    featureNames: [...IRIS_FEATURE_NAMES],
    classes,
    standardization,
    weights: all.slice(0, 4),
    bias: all[4],
    training: { epochs: 10, hyperparameters: {}, metrics: {} },
  };
}

/** writes `artifact` as `<dir>/model.json`. */
export async function writeModel(dir: string, artifact: ModelArtifact): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'model.json'), serializeModelArtifact(artifact));
}
