import { MODEL_VERSIONS_VARIABLE } from '../../../config/registry-names';

/** SageMaker's approval statuses of a model package version. */
export type ApprovalStatus = 'Approved' | 'Rejected' | 'PendingManualApproval';

/** one model's version in its model package group. */
export interface RegisteredVersion {
  /** the model's name in the catalogue */
  readonly model: string;
  /** the model package group */
  readonly group: string;
  /** the version number in the group (1, 2, ...) */
  readonly version: number;
  /** the version's ARN, `arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>` */
  readonly arn: string;
  /** its approval status when last seen */
  readonly status: ApprovalStatus;
  /** registered by this run, or found (registered before for the same content address) */
  readonly registered: 'now' | 'before';
}


export { MODEL_VERSIONS_VARIABLE } from '../../../config/registry-names';

/** where the train command writes the versions it registered or found, next to its report. */
export const MODEL_VERSIONS_FILE = 'model-versions.txt';

/** one entry of MODEL_VERSIONS. */
export interface VersionReference {
  readonly model: string;
  readonly arn: string;
  /** the version number (the ARN's last part) */
  readonly version: number;
  /** the group (the ARN's model-package/<group>/ part) */
  readonly group: string;
}

/** the compact form of the versions (`iris-softmax=arn:...:model-package/mlops-iris-softmax/3,...`), for a CodePipeline variable. */
export function formatModelVersions(versions: readonly Pick<RegisteredVersion, 'model' | 'arn'>[]): string {
  return versions.map((v) => `${v.model}=${v.arn}`).join(',');
}

/** a MODEL_VERSIONS value that is not a list of `model=<version ARN>`. */
export class ModelVersionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelVersionsError';
  }
}

const ENTRY = /^([a-z][a-z0-9-]*)=(arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:[0-9]{12}:model-package\/([a-z0-9-]+)\/([1-9][0-9]*))$/;

/** reads `model=<version ARN>,...` back into model, ARN, group and version. */
export function parseModelVersions(text: string): VersionReference[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.split(',').map((part) => {
    const match = ENTRY.exec(part.trim());
    if (!match) {
      throw new ModelVersionsError(
        `${MODEL_VERSIONS_VARIABLE} entry "${part}" is not <model>=<model package version ARN>, e.g. "iris-softmax=arn:aws:sagemaker:eu-west-1:111111111111:model-package/mlops-iris-softmax/3"; the Train step writes this list (${MODEL_VERSIONS_FILE}), so re-run it`,
      );
    }
    return { model: match[1], arn: match[2], group: match[3], version: Number(match[4]) };
  });
}
