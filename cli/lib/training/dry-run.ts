import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import type { AppConfig } from '../../../config';
import { catalogueEntries, imageFingerprintFromUri } from '../../../config/model-definition';
import { attemptJobName } from './job-name';
import { keyMismatches, ModelKeyMismatchError, TrainingSetupError } from './run-training';
import type { TrainingTarget } from './step-environment';
import { trainingJobRequest } from './training-request';

/** what `mlpipe train --dry-run` shows for one model: its key and the CreateTrainingJob request it would send. */
export interface TrainingPlan {
  /** the model's name in the catalogue */
  readonly model: string;
  /** the model's content-addressed key in the models bucket */
  readonly modelKey: string;
  /** `s3://<models bucket>/<key>`: where the model is looked for and published */
  readonly modelUri: string;
  /** the name the job would get: attempt 1 of the key (`<prefix>-<identity>-1`; later attempts count up, an in-progress job is attached to) */
  readonly trainingJobName: string;
  /** the CreateTrainingJob request, as sent */
  readonly request: CreateTrainingJobCommandInput;
}

function setup<T>(make: () => T): T {
  try {
    return make();
  } catch (err) {
    throw new TrainingSetupError((err as Error).message);
  }
}

/**
 * the request `mlpipe train` would send for each model of the catalogue, computed as runTraining
 * computes it, without calling AWS (so without checking which models exist already and would be
 * skipped).
 */
export function planTraining(config: AppConfig, target: TrainingTarget): TrainingPlan[] {
  const entries = setup(() => catalogueEntries(config, imageFingerprintFromUri(target.imageUri)));
  const mismatches = keyMismatches(target, entries);
  if (mismatches.length > 0) throw new ModelKeyMismatchError(mismatches);
  return entries.map((entry) => {
    const model = config.models.find((m) => m.name === entry.name);
    if (!model) throw new TrainingSetupError(`model ${entry.name} is not in the config`);
    const jobName = setup(() => attemptJobName(config.project.prefix, entry.identity, 1));
    const request = setup(() => trainingJobRequest({ training: model.training, target, jobName, identity: entry.identity, projectPrefix: config.project.prefix, entry }));
    return { model: entry.name, modelKey: entry.key, modelUri: `s3://${target.modelsBucket}/${entry.key}`, trainingJobName: jobName, request };
  });
}
