/**
 * The training container's hyperparameters. SageMaker writes them to
 * /opt/ml/input/config/hyperparameters.json with every value a string; this module checks and converts
 * them, reporting every problem at once with the fix.
 */
import { distance } from 'fastest-levenshtein';

/** the converted hyperparameters of the sample model. */
export interface Hyperparameters {
  /** passes over the training data. @default 30 */
  readonly epochs: number;
  /** step size of the first epoch. @default 0.5 */
  readonly learningRate: number;
  /** epoch e uses learningRate / (1 + decay * (e - 1)). @default 0 (constant rate) */
  readonly learningRateDecay: number;
  /** rows per gradient step. @default 32 */
  readonly batchSize: number;
  /** L2 penalty on the weights. @default 0.0001 */
  readonly l2: number;
  /** seeds weight initialisation and shuffling. @default 42 */
  readonly seed: number;
  /** write a checkpoint after every this many epochs. @default 5 */
  readonly checkpointEveryEpochs: number;
  /** checkpoints of this host kept on disk (older ones are deleted). @default 3 */
  readonly keepCheckpoints: number;
  /** after SIGTERM, finish the current epoch only if it ends within this many seconds, else abandon it. @default 60 */
  readonly stopBudgetSeconds: number;
  /** names of the feature columns (after the label column). @default feature_1, feature_2, ... */
  readonly featureNames: readonly string[] | undefined;
}

type Kind = 'integer' | 'number' | 'names';

interface Spec {
  readonly key: keyof Hyperparameters;
  readonly kind: Kind;
  readonly defaultValue: string | undefined;
  readonly min?: number;
  readonly max?: number;
  /** whether min is excluded */
  readonly minExclusive?: boolean;
  readonly help: string;
}

/** every hyperparameter this algorithm reads, by the name used in hyperparameters.json. */
export const HYPERPARAMETER_SPECS: Readonly<Record<string, Spec>> = {
  epochs: { key: 'epochs', kind: 'integer', defaultValue: '30', min: 1, max: 100_000, help: 'passes over the training data' },
  learning_rate: { key: 'learningRate', kind: 'number', defaultValue: '0.5', min: 0, minExclusive: true, max: 100, help: 'step size of the first epoch' },
  learning_rate_decay: { key: 'learningRateDecay', kind: 'number', defaultValue: '0', min: 0, max: 100, help: 'epoch e uses learning_rate / (1 + decay * (e - 1))' },
  batch_size: { key: 'batchSize', kind: 'integer', defaultValue: '32', min: 1, max: 1_000_000, help: 'rows per gradient step' },
  l2: { key: 'l2', kind: 'number', defaultValue: '0.0001', min: 0, max: 100, help: 'L2 penalty on the weights' },
  seed: { key: 'seed', kind: 'integer', defaultValue: '42', min: 0, max: 4_294_967_295, help: 'seeds initialisation and shuffling' },
  checkpoint_every_epochs: { key: 'checkpointEveryEpochs', kind: 'integer', defaultValue: '5', min: 1, max: 100_000, help: 'epochs between checkpoints' },
  keep_checkpoints: { key: 'keepCheckpoints', kind: 'integer', defaultValue: '3', min: 1, max: 1000, help: 'checkpoints kept per host' },
  stop_budget_seconds: { key: 'stopBudgetSeconds', kind: 'number', defaultValue: '60', min: 0, minExclusive: true, max: 110, help: 'seconds after SIGTERM allowed to finish the current epoch (SageMaker kills after 120)' },
  feature_names: { key: 'featureNames', kind: 'names', defaultValue: undefined, help: 'comma-separated names of the feature columns' },
};

/** thrown when hyperparameters.json holds a bad value; the message lists every problem. */
export class HyperparameterError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid hyperparameters:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'HyperparameterError';
  }
}

/** keys SageMaker itself may add (framework settings, tuning objective); they are not ours to check. */
function isReservedKey(key: string): boolean {
  return key.startsWith('sagemaker_') || key.startsWith('_');
}

function closestKey(key: string): string | undefined {
  const ranked = Object.keys(HYPERPARAMETER_SPECS).map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d);
  return ranked[0] && ranked[0].d <= 3 ? ranked[0].k : undefined;
}

function convert(name: string, spec: Spec, raw: string): { value?: number | string[]; problem?: string } {
  const text = raw.trim();
  if (spec.kind === 'names') {
    const names = text.split(',').map((s) => s.trim());
    const bad = names.find((s) => !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(s));
    if (bad !== undefined) return { problem: `${name}: '${bad}' is not a usable column name; use letters, digits, '_', '.' or '-', e.g. "sepal_length,sepal_width"` };
    if (new Set(names).size !== names.length) return { problem: `${name}: '${raw}' repeats a name; each column needs its own` };
    return { value: names };
  }
  const pattern = spec.kind === 'integer' ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  if (!pattern.test(text)) {
    const what = spec.kind === 'integer' ? 'a whole number' : 'a number';
    return { problem: `${name}: '${raw}' is not ${what}; use e.g. "${spec.defaultValue}"` };
  }
  const value = Number(text);
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  if (value < min || (spec.minExclusive && value === min) || value > max) {
    const lower = spec.minExclusive ? `> ${min}` : `>= ${min}`;
    return { problem: `${name}: ${raw} is out of range; it must be ${lower} and <= ${max} (${spec.help})` };
  }
  return { value };
}

/**
 * checks and converts the raw hyperparameters.json object; `strings` lists them (defaults filled in)
 * in a fixed order, so the model records the same text whatever order the file used. Every value must be a string, as SageMaker
 * writes it; unknown keys are rejected (with a suggestion) unless SageMaker reserves them.
 */
export function parseHyperparameters(raw: unknown): { readonly values: Hyperparameters; readonly strings: Record<string, string> } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new HyperparameterError([`hyperparameters.json must hold a JSON object of string values, e.g. {"epochs": "30"}; got ${Array.isArray(raw) ? 'an array' : typeof raw}`]);
  }
  const problems: string[] = [];
  const converted: Record<string, unknown> = {};
  const strings: Record<string, string> = {};
  const given = raw as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    if (isReservedKey(name)) continue;
    const spec = HYPERPARAMETER_SPECS[name];
    if (!spec) {
      const hint = closestKey(name);
      problems.push(`${name}: unknown hyperparameter${hint ? `; did you mean '${hint}'?` : ''} (known: ${Object.keys(HYPERPARAMETER_SPECS).join(', ')})`);
      continue;
    }
    if (typeof value !== 'string') {
      problems.push(`${name}: SageMaker passes every hyperparameter as a string, got ${JSON.stringify(value)} (${typeof value}); quote it: "${name}": "${String(value)}"`);
      continue;
    }
    const result = convert(name, spec, value);
    if (result.problem) problems.push(result.problem);
    else {
      converted[spec.key] = result.value;
      strings[name] = value.trim();
    }
  }
  if (problems.length > 0) throw new HyperparameterError(problems);
  const ordered: Record<string, string> = {};
  for (const [name, spec] of Object.entries(HYPERPARAMETER_SPECS)) {
    if (converted[spec.key] === undefined && spec.defaultValue !== undefined) {
      converted[spec.key] = convert(name, spec, spec.defaultValue).value;
      strings[name] = spec.defaultValue;
    }
    if (strings[name] !== undefined) ordered[name] = strings[name];
  }
  return { values: converted as unknown as Hyperparameters, strings: ordered };
}
