import type { Standardization } from './labelled-data';

/** the file the training container writes to /opt/ml/model and the serving container reads. */
export const MODEL_FILE_NAME = 'model.json';
/** identifies the artifact's layout; bump `formatVersion` on any incompatible change. */
export const MODEL_FORMAT = 'softmax-regression';
export const MODEL_FORMAT_VERSION = 1;

/** what training recorded about the run that produced the model. */
export interface TrainingRecord {
  /** epochs completed */
  readonly epochs: number;
  /** the hyperparameters as SageMaker passed them (strings), defaults filled in */
  readonly hyperparameters: Readonly<Record<string, string>>;
  /** final metrics, e.g. `validation:accuracy` */
  readonly metrics: Readonly<Record<string, number>>;
}

/** a trained multinomial logistic regression model, as stored in model.json. */
export interface ModelArtifact {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: typeof MODEL_FORMAT_VERSION;
  /** the input columns, in order */
  readonly featureNames: readonly string[];
  /** the output classes, in order */
  readonly classes: readonly string[];
  /** applied to inputs before the weights */
  readonly standardization: Standardization;
  /** features x classes */
  readonly weights: readonly (readonly number[])[];
  /** one per class */
  readonly bias: readonly number[];
  readonly training: TrainingRecord;
}

/** the model file's text: stable key order and no timestamps, so equal models give equal bytes. */
export function serializeModelArtifact(artifact: ModelArtifact): string {
  return `${JSON.stringify(artifact, null, 1)}\n`;
}

function isFiniteNumberArray(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

function isNameList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.length > 0) && new Set(value).size === value.length;
}

/**
 * parses and checks a model file's text. Throws an error naming `source` and the first problem found,
 * so a broken or foreign artifact fails at load time rather than at the first request.
 */
export function parseModelArtifact(text: string, source: string): ModelArtifact {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON (${(error as Error).message}); it must be the ${MODEL_FILE_NAME} written by the training container`, { cause: error });
  }
  const fail = (problem: string): never => {
    throw new Error(`${source}: ${problem}; retrain with the training container of this repository to get a valid ${MODEL_FILE_NAME}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('the top level must be a JSON object');
  const a = value as Record<string, unknown>;
  if (a.format !== MODEL_FORMAT) fail(`format is ${JSON.stringify(a.format)}, expected "${MODEL_FORMAT}"`);
  if (a.formatVersion !== MODEL_FORMAT_VERSION) fail(`formatVersion is ${JSON.stringify(a.formatVersion)}, this server reads ${MODEL_FORMAT_VERSION}`);
  if (!isNameList(a.featureNames)) return fail('featureNames must be a non-empty list of distinct, non-empty strings');
  if (!isNameList(a.classes) || a.classes.length < 2) return fail('classes must list at least two distinct, non-empty class names');
  const d = a.featureNames.length;
  const k = a.classes.length;
  const s = a.standardization as Record<string, unknown> | undefined;
  if (!s || !isFiniteNumberArray(s.mean, d) || !isFiniteNumberArray(s.std, d) || s.std.some((v) => v <= 0)) {
    fail(`standardization must hold ${d} means and ${d} positive standard deviations`);
  }
  if (!Array.isArray(a.weights) || a.weights.length !== d || !a.weights.every((row) => isFiniteNumberArray(row, k))) {
    fail(`weights must be ${d} rows (one per feature) of ${k} finite numbers (one per class)`);
  }
  if (!isFiniteNumberArray(a.bias, k)) fail(`bias must hold ${k} finite numbers (one per class)`);
  const t = a.training as Record<string, unknown> | undefined;
  if (!t || typeof t.epochs !== 'number' || typeof t.hyperparameters !== 'object' || typeof t.metrics !== 'object') {
    fail('training must record epochs, hyperparameters and metrics');
  }
  return value as ModelArtifact;
}
