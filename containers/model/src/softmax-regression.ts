import { Matrix } from 'ml-matrix';
import type { PreparedData } from './labelled-data';
import { deriveSeed, gaussian, mulberry32, permutation } from './prng';

/** the settings of one mini-batch gradient-descent run; all of them affect the trained weights. */
export interface SoftmaxSettings {
  /** the step size of the first epoch */
  readonly learningRate: number;
  /** epoch e uses learningRate / (1 + learningRateDecay * (e - 1)) */
  readonly learningRateDecay: number;
  /** rows per gradient step */
  readonly batchSize: number;
  /** L2 penalty on the weights (not on the bias) */
  readonly l2: number;
  /** seeds the initial weights and each epoch's shuffle */
  readonly seed: number;
}

/** lets the caller pause an epoch to handle signals and decide to abandon it. */
export interface EpochControl {
  /** yield to the event loop at least this often, in milliseconds */
  readonly yieldEveryMs: number;
  /** called after each yield with the fraction of the epoch done; true abandons the epoch */
  readonly shouldAbandon: (fractionDone: number) => boolean;
}

/** the cross-entropy loss and accuracy of weights on a data set. */
export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
}

/** small random initial weights, (features + 1) x classes, the last row being the bias. */
export function initialWeights(featureCount: number, classCount: number, seed: number): Matrix {
  const normal = gaussian(mulberry32(deriveSeed(seed, 0)));
  const w = new Matrix(featureCount + 1, classCount);
  for (let i = 0; i < featureCount; i++) for (let j = 0; j < classCount; j++) w.set(i, j, 0.01 * normal());
  return w;
}

/** replaces each row of scores with its softmax, in place. */
export function softmaxRows(scores: Matrix): Matrix {
  for (let i = 0; i < scores.rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < scores.columns; j++) max = Math.max(max, scores.get(i, j));
    let sum = 0;
    for (let j = 0; j < scores.columns; j++) {
      const e = Math.exp(scores.get(i, j) - max);
      scores.set(i, j, e);
      sum += e;
    }
    for (let j = 0; j < scores.columns; j++) scores.set(i, j, scores.get(i, j) / sum);
  }
  return scores;
}

/** the learning rate of a (1-based) epoch. */
export function learningRateAt(settings: SoftmaxSettings, epoch: number): number {
  return settings.learningRate / (1 + settings.learningRateDecay * (epoch - 1));
}

/**
 * runs one epoch of mini-batch gradient descent from `weights` (left untouched) and returns the new
 * weights, or undefined when `control` abandoned the epoch. The result depends only on the weights,
 * the data, the settings and the epoch number, so a run resumed from a checkpoint matches one that
 * never stopped.
 */
export async function trainEpoch(weights: Matrix, data: PreparedData, epoch: number, settings: SoftmaxSettings, control?: EpochControl): Promise<Matrix | undefined> {
  const w = weights.clone();
  const n = data.x.rows;
  const biasRow = w.rows - 1;
  const rate = learningRateAt(settings, epoch);
  const order = permutation(n, mulberry32(deriveSeed(settings.seed, epoch)));
  let lastYield = performance.now();
  for (let start = 0; start < n; start += settings.batchSize) {
    const batch = Array.from(order.subarray(start, Math.min(n, start + settings.batchSize)));
    const xb = data.x.subMatrixRow(batch);
    const error = softmaxRows(xb.mmul(w)).sub(data.y.subMatrixRow(batch));
    const gradient = xb.transpose().mmul(error).div(batch.length);
    for (let i = 0; i < biasRow; i++) {
      for (let j = 0; j < w.columns; j++) gradient.set(i, j, gradient.get(i, j) + settings.l2 * w.get(i, j));
    }
    w.sub(gradient.mul(rate));
    if (control && performance.now() - lastYield >= control.yieldEveryMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
      if (control.shouldAbandon(Math.min(n, start + settings.batchSize) / n)) return undefined;
    }
  }
  return w;
}

/** the mean cross-entropy loss and the accuracy of `weights` on `data`. */
export function evaluate(weights: Matrix, data: PreparedData): Evaluation {
  const probabilities = softmaxRows(data.x.mmul(weights));
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < probabilities.rows; i++) {
    const truth = data.classIndex[i];
    loss -= Math.log(Math.max(probabilities.get(i, truth), 1e-15));
    let best = 0;
    for (let j = 1; j < probabilities.columns; j++) if (probabilities.get(i, j) > probabilities.get(i, best)) best = j;
    if (best === truth) correct++;
  }
  return { loss: loss / probabilities.rows, accuracy: correct / probabilities.rows };
}
