/**
 * where the model an endpoint serves is stored: a models bucket of the tooling account in the
 * endpoint's own region (SageMaker reads model data only from its region).
 */
export interface ModelArtifactLocation {
  /** the models bucket's name */
  readonly bucketName: string;
  /** the bucket's region: the endpoint's region */
  readonly region: string;
  /** the content-addressed key of this commit's model, `models/<identity>/model.tar.gz` */
  readonly key: string;
  /** the prefix every model shares, `models/` (multi-model endpoints serve from it) */
  readonly prefix: string;
}
