import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION_TAG_PREFIX } from '../../../config/registry-names';

/** one model an endpoint of the assembly serves, from its `mlpipe:model-version:<model>` tag. */
export interface ServedModelRecord {
  /** the stage deployment, e.g. `Prod` or `Prod-eu-central-1` */
  readonly stage: string;
  /** the endpoint stack's name */
  readonly stackName: string;
  readonly model: string;
  /** the model package group */
  readonly group: string;
  /** the content address (training identity) whose version the endpoint serves */
  readonly identity: string;
}


type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** the stage of a stack from its display name (`mlops-pipeline/Prod/Endpoint (mlops-prod-endpoint)` -> `Prod`). */
function stageOf(displayName: string): string {
  const path = displayName.split(' ')[0].split('/');
  return path.length >= 2 ? path[path.length - 2] : path[0];
}

function servedIn(dir: string, artifact: Json): ServedModelRecord[] {
  const props = isObject(artifact.properties) ? artifact.properties : {};
  if (typeof props.templateFile !== 'string' || !existsSync(join(dir, props.templateFile))) return [];
  const template = readJson(join(dir, props.templateFile));
  const resources = isObject(template) && isObject(template.Resources) ? Object.values(template.Resources) : [];
  const stackName = typeof props.stackName === 'string' ? props.stackName : '';
  const stage = stageOf(typeof artifact.displayName === 'string' ? artifact.displayName : stackName);
  return resources.filter((r): r is Json => isObject(r) && r.Type === 'AWS::SageMaker::Endpoint').flatMap((resource) => {
    const tags = isObject(resource.Properties) && Array.isArray(resource.Properties.Tags) ? resource.Properties.Tags : [];
    return tags.flatMap((tag: unknown) => {
      if (!isObject(tag) || typeof tag.Key !== 'string' || typeof tag.Value !== 'string' || !tag.Key.startsWith(VERSION_TAG_PREFIX)) return [];
      const [group, identity] = tag.Value.split('/');
      return group && identity ? [{ stage, stackName, model: tag.Key.slice(VERSION_TAG_PREFIX.length), group, identity }] : [];
    });
  });
}

/** every model every endpoint of a cloud assembly (and its nested stage assemblies) serves, in manifest order. */
export function readServedModels(dir: string): ServedModelRecord[] {
  const manifest = readJson(join(dir, 'manifest.json'));
  if (!isObject(manifest) || !isObject(manifest.artifacts)) return [];
  return Object.values(manifest.artifacts).flatMap((artifact) => {
    if (!isObject(artifact)) return [];
    if (artifact.type === 'aws:cloudformation:stack') return servedIn(dir, artifact);
    if (artifact.type === 'cdk:cloud-assembly' && isObject(artifact.properties) && typeof artifact.properties.directoryName === 'string') return readServedModels(join(dir, artifact.properties.directoryName));
    return [];
  });
}
