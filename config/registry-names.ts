import type { AppConfig } from './app-config';

/**
 * the names of the SageMaker Model Registry the app derives from the config, so the Train stage,
 * the pipeline's steps and the CLI agree without passing values between accounts.
 */

/** the longest model package group name SageMaker accepts (`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`). */
export const MAX_GROUP_NAME_LENGTH = 63;

/** the model package group of one model of the catalogue, in the tooling account, e.g. `mlops-iris-softmax`. */
export function modelPackageGroupName(config: Pick<AppConfig, 'project'>, modelName: string): string {
  const name = `${config.project.prefix}-${modelName}`;
  if (name.length > MAX_GROUP_NAME_LENGTH || !/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(name)) {
    throw new Error(`model package group name "${name}" (project.prefix "${config.project.prefix}" + "-" + model "${modelName}") is not a SageMaker group name of at most ${MAX_GROUP_NAME_LENGTH} letters, digits and "-"; shorten the prefix or the model name`);
  }
  return name;
}

/** the ARN pattern of every version of a group: `arn:<partition>:sagemaker:<region>:<account>:model-package/<group>/*`. */
export function modelPackageVersionsArn(partition: string, region: string, account: string, groupName: string): string {
  // SageMaker lowercases model package ARNs; group names of this app are lowercase already
  return `arn:${partition}:sagemaker:${region}:${account}:model-package/${groupName.toLowerCase()}/*`;
}

/** the ARN of a model package group. */
export function modelPackageGroupArn(partition: string, region: string, account: string, groupName: string): string {
  return `arn:${partition}:sagemaker:${region}:${account}:model-package-group/${groupName.toLowerCase()}`;
}

/** the name of the Train step's exported variable that lists each model's version (`model=<version ARN>,...`). */
export const MODEL_VERSIONS_VARIABLE = 'MODEL_VERSIONS';

/** the tag prefix of an endpoint's served versions: `mlpipe:model-version:<model>` = `<group>/<identity>`. */
export const VERSION_TAG_PREFIX = 'mlpipe:model-version:';
