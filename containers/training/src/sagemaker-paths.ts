import * as path from 'node:path';

/** the folders and files of SageMaker's training contract, under a root that is /opt/ml in the container. */
export interface TrainingPaths {
  readonly root: string;
  readonly hyperparameters: string;
  readonly inputDataConfig: string;
  readonly resourceConfig: string;
  /** channel data lives in `<dataDir>/<channel>` */
  readonly dataDir: string;
  readonly modelDir: string;
  readonly outputDataDir: string;
  readonly failureFile: string;
  readonly checkpointDir: string;
}

/** the root SageMaker mounts; `SM_ROOT` overrides it for local runs. */
export const DEFAULT_SM_ROOT = '/opt/ml';

/** lays out the training contract's paths under `root`. */
export function trainingPaths(root: string): TrainingPaths {
  const config = path.join(root, 'input', 'config');
  return {
    root,
    hyperparameters: path.join(config, 'hyperparameters.json'),
    inputDataConfig: path.join(config, 'inputdataconfig.json'),
    resourceConfig: path.join(config, 'resourceconfig.json'),
    dataDir: path.join(root, 'input', 'data'),
    modelDir: path.join(root, 'model'),
    outputDataDir: path.join(root, 'output', 'data'),
    failureFile: path.join(root, 'output', 'failure'),
    checkpointDir: path.join(root, 'checkpoints'),
  };
}
