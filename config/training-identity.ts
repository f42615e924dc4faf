import { createHash } from 'node:crypto';

/** one input channel of the training job, with the data version it declares. */
export interface ChannelIdentity {
  /** the channel name (`train`, `validation`) */
  readonly name: string;
  /** where the data is (S3 URI) */
  readonly uri: string;
  /** the declared version of the data (a tag, date or object version); a new version retrains */
  readonly dataVersion: string;
}

/** everything that determines the trained model, and nothing else. */
export interface ModelDefinition {
  /** fingerprint of the training image's source (the CDK asset hash) */
  readonly imageFingerprint: string;
  /** hyperparameters as SageMaker passes them (strings) */
  readonly hyperparameters: Readonly<Record<string, string>>;
  /** instance type, count and volume: they can change numerical results of distributed training */
  readonly instance: { readonly type: string; readonly count: number; readonly volumeSizeGb: number };
  /** input channels */
  readonly channels: readonly ChannelIdentity[];
  /** settings of the algorithm that are not hyperparameters (e.g. the container's entry mode) */
  readonly algorithm: Readonly<Record<string, string | number | boolean>>;
}

/** JSON with object keys sorted at every level, so equal definitions hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * the training identity: a hash of what determines the model. Channels are sorted by name, so
 * their order in the config does not matter. Synth and the training step both call this.
 */
export function trainingIdentity(definition: ModelDefinition): string {
  const normalized = { ...definition, channels: [...definition.channels].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
  return createHash('sha256').update(`mlpipe-model-v1\n${canonicalJson(normalized)}`).digest('hex').slice(0, 32);
}

/** the content-addressed key of a model in the models bucket. */
export function modelArtifactKey(identity: string): string {
  if (!/^[0-9a-f]{32}$/.test(identity)) throw new Error(`training identity "${identity}" is not 32 lowercase hex characters; compute it with trainingIdentity()`);
  return `models/${identity}/model.tar.gz`;
}

/** where every model lives in the models bucket (the multi-model endpoints' model data URL). */
export const MODELS_PREFIX = 'models/';

/**
 * replaces content-addressed model keys (`models/<identity>/`) in a text by `models/<identity>/`
 * literally, for records that must not change every time the model does (the acknowledgement baseline).
 */
export function withoutModelIdentity(text: string): string {
  return text.replace(/models\/[0-9a-f]{32}\//g, 'models/<identity>/');
}
