import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CreateModelPackageCommandInput } from '@aws-sdk/client-sagemaker';
import type { AppConfig } from '../../../config';
import { modelsBucketName } from '../../../config';
import { targetModelOf } from '../../../config/model-definition';
import { modelPackageGroupName } from '../../../config/registry-names';
import { modelPackageRequest } from '../registry/model-package-request';
import { StepFailure } from './step-results';

/** the Train stage outputs the registry request needs, as synthesized. */
export interface SynthesizedTraining {
  /** each model's content-addressed key (output ModelKeys) */
  readonly modelKeys: Readonly<Record<string, string>>;
  /** the serving image in the tooling account (output ServingImageUri), its URL suffix filled in */
  readonly servingImageUri: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** a template output's value with the pseudo parameters a plain string would hold filled in. */
function outputText(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : isObject(value) && typeof value['Fn::Sub'] === 'string' ? value['Fn::Sub'] : undefined;
  return text?.replace(/\$\{AWS::URLSuffix\}/g, 'amazonaws.com').replace(/\$\{AWS::Partition\}/g, 'aws');
}

async function findTraining(dir: string): Promise<SynthesizedTraining | undefined> {
  const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as unknown;
  const artifacts = isObject(manifest) && isObject(manifest.artifacts) ? Object.values(manifest.artifacts) : [];
  for (const artifact of artifacts.filter(isObject)) {
    const props = isObject(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') {
      const found = await findTraining(path.join(dir, props.directoryName));
      if (found) return found;
    }
    if (artifact.type !== 'aws:cloudformation:stack' || typeof props.templateFile !== 'string') continue;
    const template = JSON.parse(await fs.readFile(path.join(dir, props.templateFile), 'utf8')) as unknown;
    const outputs = isObject(template) && isObject(template.Outputs) ? template.Outputs : {};
    const keys = isObject(outputs.ModelKeys) ? outputText(outputs.ModelKeys.Value) : undefined;
    const image = isObject(outputs.ServingImageUri) ? outputText(outputs.ServingImageUri.Value) : undefined;
    if (keys && image) return { modelKeys: JSON.parse(keys) as Record<string, string>, servingImageUri: image };
  }
  return undefined;
}

/** the Train stage's model keys and serving image from a synthesized cloud assembly. */
export async function readSynthesizedTraining(assemblyDir: string): Promise<SynthesizedTraining> {
  const found = await findTraining(assemblyDir);
  if (!found) throw new StepFailure(`no training stack with the ModelKeys and ServingImageUri outputs in ${assemblyDir}; synthesize the app first`);
  return found;
}

/** one model's registration as the Train step would send it. */
export interface LocalRegistration {
  readonly model: string;
  readonly request: CreateModelPackageCommandInput;
}

/**
 * the CreateModelPackage request the Train step would send for each model of the catalogue: its
 * key and the serving image from the synthesized Train stage, its metrics from the local training
 * run (the values a user will see in `mlpipe status`), the job and commit as placeholders (a local
 * run has neither).
 */
export function localRegistrations(config: AppConfig, training: SynthesizedTraining, metrics: ReadonlyMap<string, { readonly name: string; readonly value: number }[]>): LocalRegistration[] {
  return config.models.map((model) => {
    const key = training.modelKeys[model.name];
    if (key === undefined) throw new StepFailure(`the synthesized Train stage has no key for model ${model.name}; synthesize again after changing the catalogue`);
    const identity = targetModelOf(key).split('/')[0];
    const request = modelPackageRequest({
      model,
      entry: { name: model.name, identity, key, targetModel: targetModelOf(key) },
      group: modelPackageGroupName(config, model.name),
      trainingJob: `${config.project.prefix}-local-${model.name}`,
      trainingJobArn: undefined,
      commit: undefined,
      metrics: metrics.get(model.name) ?? [],
      modelDataUrl: `s3://${modelsBucketName(config)}/${key}`,
      inferenceImage: training.servingImageUri,
      projectPrefix: config.project.prefix,
    });
    return { model: model.name, request };
  });
}
