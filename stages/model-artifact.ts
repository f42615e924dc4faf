/**
 * where the model an endpoint serves is stored: a models bucket of the tooling account in the
 * endpoint's own region (SageMaker reads model data only from its region).
 */
export interface ModelArtifactLocation {
  /** the models bucket's name */
  readonly bucketName: string;
  /** the bucket's region: the endpoint's region */
  readonly region: string;
  /** the content-addressed key of the catalogue's first model, `models/<identity>/model.tar.gz` */
  readonly key: string;
  /**
   * the content-addressed key of every model of the catalogue, by name
   * @default - only `key`, the one model of the catalogue
   */
  readonly models?: Readonly<Record<string, string>>;
  /** the prefix every model shares, `models/` (multi-model endpoints serve from it) */
  readonly prefix: string;
}

/** one served model: its name in the catalogue and its content-addressed key. */
export interface ServedModelKey {
  readonly name: string;
  readonly key: string;
}

/** the keys of the models a stage serves, by name, from the location of the catalogue's models. */
export function servedModelKeys(location: ModelArtifactLocation, names: readonly string[]): ServedModelKey[] {
  if (location.models === undefined) {
    if (names.length > 1) throw new Error(`the model artifact location knows one model (${location.key}) but the stage serves ${names.join(', ')}; pass the catalogue's keys (TrainStage.modelArtifactIn)`);
    return names.map((name) => ({ name, key: location.key }));
  }
  const models = location.models;
  return names.map((name) => {
    const key = models[name];
    if (key === undefined) throw new Error(`model "${name}" is not in the Train stage's catalogue (${Object.keys(models).join(', ')}); serve one of those`);
    return { name, key };
  });
}
