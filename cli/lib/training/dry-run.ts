import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import type { AppConfig } from '../../../config';
import { imageFingerprintFromUri, modelDefinitionFor } from '../../../config/model-definition';
import { modelArtifactKey, trainingIdentity } from '../../../config/training-identity';
import { trainingJobName } from './job-name';
import { ModelKeyMismatchError, TrainingSetupError } from './run-training';
import type { TrainingTarget } from './step-environment';
import { trainingJobRequest } from './training-request';

/** what `mlpipe train --dry-run` shows: the model key and the CreateTrainingJob request it would send. */
export interface TrainingPlan {
  /** the model's content-addressed key in the models bucket */
  readonly modelKey: string;
  /** `s3://<models bucket>/<key>`: where the model is looked for and published */
  readonly modelUri: string;
  /** the name the job would get (its random suffix differs on each run) */
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
 * the request `mlpipe train` would send for this config and step environment, computed as
 * runTraining computes it, without calling AWS (so without checking whether the model exists).
 */
export function planTraining(config: AppConfig, target: TrainingTarget, at: Date, random: () => string): TrainingPlan {
  const identity = setup(() => trainingIdentity(modelDefinitionFor(config, imageFingerprintFromUri(target.imageUri))));
  const modelKey = modelArtifactKey(identity);
  if (target.expectedModelKey !== undefined && target.expectedModelKey !== modelKey) throw new ModelKeyMismatchError(target.expectedModelKey, modelKey);
  const jobName = setup(() => trainingJobName(config.project.prefix, identity, at, random()));
  const request = setup(() => trainingJobRequest({ training: config.training, target, jobName, identity, projectPrefix: config.project.prefix }));
  return { modelKey, modelUri: `s3://${target.modelsBucket}/${modelKey}`, trainingJobName: jobName, request };
}
