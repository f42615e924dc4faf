import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { IRIS_FEATURE_NAMES, splitIris, toLabelledCsv } from './iris';
import { generateIrisLike } from './iris-like-generator';

/** what to put in a training root's input folder. */
export interface TrainingInputsProps {
  /**
   * iris-like rows to generate for the train channel (fitted to the real train split); 0 trains on
   * the 120 real rows alone.
   * @default 0
   */
  readonly generatedRows?: number;
  /** seeds the generator. @default 7 */
  readonly dataSeed?: number;
  /** hyperparameters.json entries (strings, as SageMaker writes them). @default feature_names only */
  readonly hyperparameters?: Readonly<Record<string, string>>;
  /** whether to write resourceconfig.json for a single host algo-1. @default true */
  readonly resourceConfig?: boolean;
}

/**
 * writes what SageMaker would put under /opt/ml/input for the sample model: the train and
 * validation channels (validation is always the 30 real held-out iris rows) and the config files.
 */
export async function writeTrainingInputs(root: string, props: TrainingInputsProps = {}): Promise<void> {
  const { train, validation } = splitIris();
  const rows = props.generatedRows ?? 0;
  const trainRows = rows > 0 ? generateIrisLike(train, rows, props.dataSeed ?? 7) : train;
  const config = path.join(root, 'input', 'config');
  const data = path.join(root, 'input', 'data');
  await fs.mkdir(config, { recursive: true });
  await fs.mkdir(path.join(data, 'train'), { recursive: true });
  await fs.mkdir(path.join(data, 'validation'), { recursive: true });
  await fs.writeFile(path.join(data, 'train', 'train.csv'), toLabelledCsv(trainRows));
  await fs.writeFile(path.join(data, 'validation', 'validation.csv'), toLabelledCsv(validation));
  const hyperparameters = { feature_names: IRIS_FEATURE_NAMES.join(','), ...props.hyperparameters };
  await fs.writeFile(path.join(config, 'hyperparameters.json'), JSON.stringify(hyperparameters, null, 2));
  const channel = { ContentType: 'text/csv', TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' };
  await fs.writeFile(path.join(config, 'inputdataconfig.json'), JSON.stringify({ train: channel, validation: channel }, null, 2));
  if (props.resourceConfig ?? true) {
    await fs.writeFile(path.join(config, 'resourceconfig.json'), JSON.stringify({ current_host: 'algo-1', hosts: ['algo-1'], network_interface_name: 'eth0' }, null, 2));
  }
}
