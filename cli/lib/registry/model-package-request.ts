import { createHash } from 'node:crypto';
import type { CreateModelPackageCommandInput } from '@aws-sdk/client-sagemaker';
import type { ModelConfig } from '../../../config';
import type { CatalogueEntry } from '../../../config/model-definition';

/** SageMaker's limits on CustomerMetadataProperties (CustomerMetadataMap in the API model). */
export const CUSTOMER_METADATA_LIMITS = { entries: 50, keyLength: 128, valueLength: 256 } as const;

/** the characters SageMaker accepts in customer metadata keys and values. */
const METADATA_CHARACTERS = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;

/** the customer metadata names the registry reads back (lookups, status, lineage). */
export const REGISTRY_METADATA = {
  model: 'mlpipe:model',
  identity: 'mlpipe:identity',
  modelKey: 'mlpipe:model-key',
  trainingJob: 'mlpipe:training-job',
  commit: 'mlpipe:commit',
  gate: 'mlpipe:gate',
  /** `metric:<name>` = the job's final value */
  metricPrefix: 'metric:',
  /** `data:<channel>` = the channel's declared data version */
  dataPrefix: 'data:',
} as const;

/** the media types the serving container reads and answers. */
const SERVING_MEDIA_TYPES = ['text/csv', 'application/json'];

/** what one version is registered from. */
export interface VersionSource {
  /** the model of the catalogue */
  readonly model: ModelConfig;
  /** its content address */
  readonly entry: CatalogueEntry;
  /** the model package group */
  readonly group: string;
  /** the job that trained it */
  readonly trainingJob: string;
  /** the job's ARN, when known (MetadataProperties.GeneratedBy) */
  readonly trainingJobArn: string | undefined;
  /** the commit the model was trained at */
  readonly commit: string | undefined;
  /** every final metric the job reported (FinalMetricDataList) */
  readonly metrics: readonly { readonly name: string; readonly value: number }[];
  /** the content-addressed model, `s3://<models bucket>/models/<identity>/model.tar.gz` */
  readonly modelDataUrl: string;
  /** the inference image the model is served with */
  readonly inferenceImage: string;
  /**
   * the environment of the inference container (a script-mode framework model's inference script)
   * @default - none
   */
  readonly inferenceEnvironment?: Readonly<Record<string, string>>;
  /** the project prefix (tags, MetadataProperties.ProjectId) */
  readonly projectPrefix: string;
}

/** a metadata key or value with the characters SageMaker rejects replaced by "_", cut to its limit. */
export function metadataText(text: string, limit: number): string {
  return text.replace(METADATA_CHARACTERS, '_').slice(0, limit);
}

/**
 * the idempotency token of a version: the same for every run that registers the same content
 * address in the same group, so two runs that race register one version (CreateModelPackage
 * ClientToken: 1-36 letters, digits and "-").
 */
export function registrationToken(group: string, identity: string): string {
  return createHash('sha256').update(`${group}\n${identity}`).digest('hex').slice(0, 36);
}

/**
 * the customer metadata of a version: model, identity, key, job, commit, the gate, one
 * `data:<channel>` per channel and one `metric:<name>` per reported metric (the gate's first),
 * within SageMaker's limits (50 entries; metrics beyond them are left out, the gate's never).
 */
export function versionMetadata(source: VersionSource): Record<string, string> {
  const { training } = source.model;
  const fixed: [string, string][] = [
    [REGISTRY_METADATA.model, source.model.name],
    [REGISTRY_METADATA.identity, source.entry.identity],
    [REGISTRY_METADATA.modelKey, source.entry.key],
    [REGISTRY_METADATA.trainingJob, source.trainingJob],
    ...(source.commit ? [[REGISTRY_METADATA.commit, source.commit] as [string, string]] : []),
    [REGISTRY_METADATA.gate, `${training.metric.name} ${training.metric.direction} ${training.metric.threshold}`],
    ...Object.entries(training.channels).map(([name, channel]) => [`${REGISTRY_METADATA.dataPrefix}${name}`, channel.dataVersion] as [string, string]),
  ];
  const gate = source.metrics.filter((m) => m.name === training.metric.name);
  const others = source.metrics.filter((m) => m.name !== training.metric.name);
  const metrics = [...gate, ...others].map((m) => [`${REGISTRY_METADATA.metricPrefix}${m.name}`, String(m.value)] as [string, string]);
  const entries = [...fixed, ...metrics].slice(0, CUSTOMER_METADATA_LIMITS.entries);
  return Object.fromEntries(entries.map(([k, v]) => [metadataText(k, CUSTOMER_METADATA_LIMITS.keyLength), metadataText(v, CUSTOMER_METADATA_LIMITS.valueLength)]));
}

/** the description of a version; the lookup of a content address matches its `identity <hash>` part. */
export function versionDescription(source: Pick<VersionSource, 'model' | 'entry' | 'trainingJob'>): string {
  return `model ${source.model.name}, identity ${source.entry.identity} (${source.entry.key}), trained by job ${source.trainingJob}`;
}

/**
 * the CreateModelPackage request of a trained model: a version of its group, pending manual
 * approval, serving the content-addressed artifact with the inference image, with the commit
 * (MetadataProperties.CommitId), the job (GeneratedBy), the metrics, the data versions and the
 * content address as customer metadata, and an idempotency token per content address.
 */
export function modelPackageRequest(source: VersionSource): CreateModelPackageCommandInput {
  return {
    ModelPackageGroupName: source.group,
    ModelPackageDescription: versionDescription(source),
    ModelApprovalStatus: 'PendingManualApproval',
    InferenceSpecification: {
      Containers: [{ Image: source.inferenceImage, ModelDataUrl: source.modelDataUrl, ...(source.inferenceEnvironment ? { Environment: { ...source.inferenceEnvironment } } : {}) }],
      SupportedContentTypes: SERVING_MEDIA_TYPES,
      SupportedResponseMIMETypes: SERVING_MEDIA_TYPES,
    },
    MetadataProperties: {
      ...(source.commit ? { CommitId: source.commit } : {}),
      GeneratedBy: source.trainingJobArn ?? source.trainingJob,
      ProjectId: source.projectPrefix,
    },
    CustomerMetadataProperties: versionMetadata(source),
    ClientToken: registrationToken(source.group, source.entry.identity),
    Tags: [
      { Key: 'mlpipe:project', Value: source.projectPrefix },
      { Key: 'mlpipe:model-identity', Value: source.entry.identity },
    ],
  };
}
