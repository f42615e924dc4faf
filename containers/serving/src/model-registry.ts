import * as path from 'node:path';
import { HttpError } from './http-error';
import { ServedModel } from './served-model';

/** one page of loaded models. */
export interface ModelPage {
  readonly models: readonly ServedModel[];
  /** pass as `next_page_token` to get the next page; undefined on the last page */
  readonly nextPageToken: string | undefined;
}

/**
 * the models of a multi-model endpoint, keyed by SageMaker's opaque model_name. Loads are checked
 * against a memory budget: a model that does not fit gets 507, which tells SageMaker to unload
 * unused models and retry.
 */
export class ModelRegistry {
  private readonly models = new Map<string, ServedModel>();
  private readonly loading = new Set<string>();
  private usedBytes = 0;

  constructor(
    /** bytes the loaded models may hold together */
    readonly budgetBytes: number,
    /** model folders must be under this one (/opt/ml/models) */
    readonly modelsRoot: string,
  ) {}

  /** loads the model in `url` as `name`: 409 when the name is taken, 507 when over budget, 400 for a bad folder. */
  async load(name: string, url: string): Promise<ServedModel> {
    if (this.models.has(name) || this.loading.has(name)) throw new HttpError(409, `model '${name}' is already loaded; unload it with DELETE /models/${encodeURIComponent(name)} first`);
    const resolved = path.resolve(url);
    if (!path.isAbsolute(url) || (resolved !== this.modelsRoot && !resolved.startsWith(this.modelsRoot + path.sep))) {
      throw new HttpError(400, `url '${url}' must be an absolute folder under ${this.modelsRoot}, where SageMaker unpacks multi-model artifacts`);
    }
    this.loading.add(name);
    try {
      let model: ServedModel;
      try {
        model = await ServedModel.load(name, resolved);
      } catch (error) {
        if (error instanceof RangeError) throw new HttpError(507, `not enough memory to load model '${name}': ${error.message}`);
        throw new HttpError(400, (error as Error).message);
      }
      const needed = model.predictor.estimatedBytes;
      if (this.usedBytes + needed > this.budgetBytes) {
        throw new HttpError(507, `not enough memory to load model '${name}': it needs about ${needed} bytes and ${this.usedBytes} of the ${this.budgetBytes}-byte budget are in use; unload a model and retry`);
      }
      this.models.set(name, model);
      this.usedBytes += needed;
      return model;
    } finally {
      this.loading.delete(name);
    }
  }

  /** the loaded model called `name`, if any. */
  get(name: string): ServedModel | undefined {
    return this.models.get(name);
  }

  /** unloads `name` and frees its budget; false when it was not loaded. */
  unload(name: string): boolean {
    const model = this.models.get(name);
    if (!model) return false;
    this.models.delete(name);
    this.usedBytes -= model.predictor.estimatedBytes;
    return true;
  }

  /** the loaded models in name order, `limit` at a time, after the model named by `pageToken`. */
  list(limit: number, pageToken: string | undefined): ModelPage {
    let after = '';
    if (pageToken !== undefined) {
      after = Buffer.from(pageToken, 'base64url').toString('utf8');
      if (after === '' || Buffer.from(after, 'utf8').toString('base64url') !== pageToken) throw new HttpError(400, `next_page_token '${pageToken}' is not one this server issued; start again without it`);
    }
    const names = [...this.models.keys()].sort().filter((n) => n > after);
    const page = names.slice(0, limit);
    const more = names.length > limit;
    return { models: page.map((n) => this.models.get(n) as ServedModel), nextPageToken: more ? Buffer.from(page[page.length - 1], 'utf8').toString('base64url') : undefined };
  }
}
