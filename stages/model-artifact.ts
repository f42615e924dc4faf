/** where the model an endpoint serves is stored (in the tooling account's models bucket). */
export interface ModelArtifactLocation {
  /** the models bucket's name */
  readonly bucketName: string;
  /** the content-addressed key of this commit's model, `models/<identity>/model.tar.gz` */
  readonly key: string;
  /** the prefix every model shares, `models/` (multi-model endpoints serve from it) */
  readonly prefix: string;
}
