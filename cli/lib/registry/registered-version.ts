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

/** the name of the Train step's exported variable that lists each model's version (`model=version,...`). */
export const MODEL_VERSIONS_VARIABLE = 'MODEL_VERSIONS';

/** where the train command writes the versions it registered or found, next to its report. */
export const MODEL_VERSIONS_FILE = 'model-versions.txt';

/** the compact form of the versions (`iris-softmax=3,iris-softmax-l2=1`), short enough for a CodePipeline variable. */
export function formatModelVersions(versions: readonly Pick<RegisteredVersion, 'model' | 'version'>[]): string {
  return versions.map((v) => `${v.model}=${v.version}`).join(',');
}

/** a MODEL_VERSIONS value that is not a list of `model=version`. */
export class ModelVersionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelVersionsError';
  }
}

/** reads `iris-softmax=3,iris-softmax-l2=1` back into model name and version number. */
export function parseModelVersions(text: string): { readonly model: string; readonly version: number }[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.split(',').map((part) => {
    const match = /^([a-z][a-z0-9-]*)=([1-9][0-9]*)$/.exec(part.trim());
    if (!match) {
      throw new ModelVersionsError(`${MODEL_VERSIONS_VARIABLE} entry "${part}" is not <model>=<version>, e.g. "iris-softmax=3"; the Train step writes this list (${MODEL_VERSIONS_FILE}), so re-run it`);
    }
    return { model: match[1], version: Number(match[2]) };
  });
}

/** the ARN of a version from the group's ARN prefix parts. */
export function versionArn(partition: string, region: string, account: string, group: string, version: number): string {
  return `arn:${partition}:sagemaker:${region}:${account}:model-package/${group.toLowerCase()}/${version}`;
}
