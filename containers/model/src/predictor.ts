import type { ModelArtifact } from './model-artifact';

/**
 * the serving form of a model: standardization folded into the weights, flat typed arrays, no
 * allocation per prediction. Scores are x . (W / std) + (b - mean . W / std), then softmax.
 */
export class Predictor {
  /** builds a predictor from a parsed (already validated) artifact. */
  static fromArtifact(artifact: ModelArtifact): Predictor {
    const d = artifact.featureNames.length;
    const k = artifact.classes.length;
    const weights = new Float64Array(d * k);
    const bias = Float64Array.from(artifact.bias);
    for (let j = 0; j < d; j++) {
      const mean = artifact.standardization.mean[j];
      const std = artifact.standardization.std[j];
      for (let c = 0; c < k; c++) {
        const w = artifact.weights[j][c] / std;
        weights[j * k + c] = w;
        bias[c] -= mean * w;
      }
    }
    return new Predictor(artifact.featureNames, artifact.classes, weights, bias);
  }

  /** the number of input columns */
  readonly featureCount: number;
  /** the number of output classes */
  readonly classCount: number;
  /** the column index of each feature name */
  readonly featureIndex: ReadonlyMap<string, number>;
  /** approximate heap bytes held by this predictor, for the multi-model memory budget */
  readonly estimatedBytes: number;

  private constructor(
    /** the input columns, in order */
    readonly featureNames: readonly string[],
    /** the output classes, in order */
    readonly classes: readonly string[],
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
  ) {
    this.featureCount = featureNames.length;
    this.classCount = classes.length;
    this.featureIndex = new Map(featureNames.map((name, i) => [name, i]));
    const nameBytes = [...featureNames, ...classes].reduce((sum, name) => sum + 2 * name.length + 64, 0);
    this.estimatedBytes = 8 * (weights.length + bias.length) + nameBytes + 1024;
  }

  /**
   * predicts `rowCount` rows stored row-major in `features` (rowCount x featureCount), writing the
   * class probabilities to `probabilities` (rowCount x classCount) and the most likely class index
   * of each row to `predicted`.
   */
  predict(features: Float64Array, rowCount: number, probabilities: Float64Array, predicted: Int32Array): void {
    const d = this.featureCount;
    const k = this.classCount;
    const w = this.weights;
    for (let r = 0; r < rowCount; r++) {
      const inBase = r * d;
      const outBase = r * k;
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let score = this.bias[c];
        for (let j = 0; j < d; j++) score += features[inBase + j] * w[j * k + c];
        probabilities[outBase + c] = score;
        if (score > max) max = score;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp(probabilities[outBase + c] - max);
        probabilities[outBase + c] = e;
        sum += e;
      }
      let best = 0;
      for (let c = 0; c < k; c++) {
        probabilities[outBase + c] /= sum;
        if (probabilities[outBase + c] > probabilities[outBase + best]) best = c;
      }
      predicted[r] = best;
    }
  }
}
