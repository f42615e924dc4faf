import { Aws, CfnOutput, Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Construct } from 'constructs';
import type { AppConfig } from '../../config';
import { modelPackageGroupArn, modelPackageGroupName, VERSION_TAG_PREFIX } from '../../config/registry-names';
import type { ServedModelKey } from '../model-artifact';

/** the most models whose version an endpoint names in tags (SageMaker allows 50 tags; the others are the stack's and the project's). */
export const MAX_VERSION_TAGS = 40;

/** props of ServedVersions. */
export interface ServedVersionsProps {
  /** the endpoint the tags go on */
  readonly endpoint: IConstruct;
  /** the models it serves */
  readonly models: readonly ServedModelKey[];
  /** the config (project prefix, tooling account and region of the registry) */
  readonly config: Pick<AppConfig, 'project' | 'tooling'>;
}

/** the training identity of a content-addressed key `models/<identity>/model.tar.gz`. */
export function identityOfKey(key: string): string {
  const match = /^models\/([0-9a-f]+)\/model\.tar\.gz$/.exec(key);
  if (!match) throw new Error(`model key "${key}" is not a content-addressed key models/<identity>/model.tar.gz; pass a key from modelArtifactKey()`);
  return match[1];
}

/**
 * records on the endpoint the model versions it serves: each model's version is the one of its
 * model package group registered for its content address (one per address; the Train step
 * registers it before the stage deploys), so the endpoint names the group and the identity: a tag
 * `mlpipe:model-version:<model>` = `<group>/<identity>` per model, and the stack output
 * ModelVersions (JSON: model -> group ARN, identity, key). `mlpipe status` turns them into
 * version numbers.
 */
export class ServedVersions extends Construct {
  /** the ModelVersions output */
  public readonly output: CfnOutput;

  constructor(scope: Construct, id: string, props: ServedVersionsProps) {
    super(scope, id);
    const { config } = props;
    const versions = props.models.map((model) => {
      const group = modelPackageGroupName(config, model.name);
      return { model: model.name, group, identity: identityOfKey(model.key), key: model.key };
    });
    for (const v of versions.slice(0, MAX_VERSION_TAGS)) Tags.of(props.endpoint).add(`${VERSION_TAG_PREFIX}${v.model}`, `${v.group}/${v.identity}`);
    const value = Object.fromEntries(versions.map((v) => [v.model, { modelPackageGroup: modelPackageGroupArn(Aws.PARTITION, config.tooling.region, config.tooling.account, v.group), identity: v.identity, key: v.key }]));
    this.output = new CfnOutput(scope, 'ModelVersions', {
      value: JSON.stringify(value),
      description: 'the model versions the endpoint serves: per model, its model package group in the tooling account and the content address whose version it is (JSON)',
    });
  }
}
