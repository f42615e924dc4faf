import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AppConfig, ModelConfig } from '../../../config';
import type { CatalogueEntry } from '../../../config/model-definition';
import { modelPackageGroupName } from '../../../config/registry-names';
import type { ModelTrainingReport, TrainingReport } from '../training/training-report';
import type { RegisteredVersion } from './registered-version';
import { formatModelVersions, MODEL_VERSIONS_FILE } from './registered-version';
import { registerVersion } from './register-version';
import { registeredContainer } from './inference-image';

/** the train step's variable that names the inference image versions are registered with. */
export const SERVING_IMAGE_VARIABLE = 'SERVING_IMAGE_URI';

/** what the Train step registers versions with. */
export interface TrainStepRegistryProps {
  readonly config: AppConfig;
  readonly sagemaker: SageMakerClient;
  /** the models bucket the content-addressed models are in */
  readonly modelsBucket: string;
  /** the sample serving image the sample model's versions name (SERVING_IMAGE_URI, the Train stage's ServingImageUri output); a framework model's name its framework's inference image */
  readonly servingImageUri: string;
  /** waits this many milliseconds (throttling and conflict retries) */
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * the Train step's registration of each published model (see TrainingDeps.registerVersion): the
 * version of its group for its content address, registered now from the job that trained it
 * or found, with the container an endpoint serves it with (registeredContainer). A skipped model's commit is not this run's, so a version first registered for a
 * skipped model records no commit (the job's description and the model's metadata still name it).
 */
export function trainStepRegistry(props: TrainStepRegistryProps) {
  return (model: ModelConfig, entry: CatalogueEntry, report: ModelTrainingReport, log: (line: string) => void): Promise<RegisteredVersion> => {
    const container = registeredContainer(props.config, model, props.servingImageUri);
    if (!report.trainingJob) throw new Error(`model ${model.name} at ${entry.key} names no training job (x-amz-meta-training-job); a version records the job that trained it, so the model cannot be registered`);
    return registerVersion(
      {
        model,
        entry,
        group: modelPackageGroupName(props.config, model.name),
        trainingJob: report.trainingJob,
        commit: report.outcome === 'published' ? report.commit : undefined,
        modelDataUrl: `s3://${props.modelsBucket}/${entry.key}`,
        inferenceImage: container.image,
        ...(container.environment ? { inferenceEnvironment: container.environment } : {}),
        projectPrefix: props.config.project.prefix,
      },
      { sagemaker: props.sagemaker, retry: { sleep: props.sleep }, log },
    );
  };
}

/**
 * writes the versions of the report's models next to it (`model-versions.txt`, `model=<version ARN>,...`):
 * buildspecs/train.yml exports it as the step's MODEL_VERSIONS variable, which the production
 * approval's steps and `mlpipe status` read. Nothing is written when no model has a version.
 */
export async function writeModelVersions(reportPath: string, report: TrainingReport): Promise<void> {
  const versions = report.models.flatMap((m) => (m.modelVersion ? [{ model: m.model, arn: m.modelVersion.arn }] : []));
  if (versions.length === 0) return;
  await writeFile(join(dirname(reportPath), MODEL_VERSIONS_FILE), `${formatModelVersions(versions)}\n`);
}
