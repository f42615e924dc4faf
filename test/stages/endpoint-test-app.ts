import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, IgnoreMode } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import type { AppConfig, StageConfig } from '../../config';
import { catalogueEntries } from '../../config/model-definition';
import type { ModelArtifactLocation } from '../../stages/model-artifact';
import type { ContainerImageSource } from '../../containers/images';
import { EndpointStack } from '../../stages/endpoint-stack';
import { NetworkStack } from '../../stages/network-stack';
import { REPO_ROOT, testConfig } from '../helpers/test-config';

/** the feature flags of cdk.json, so templates render as `cdk synth` renders them. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

/** a serving image source with a stand-in Dockerfile, so endpoint tests do not depend on the real image. */
export function fakeServingImage(): ContainerImageSource {
  const directory = mkdtempSync(join(tmpdir(), 'serving-image-'));
  mkdirSync(join(directory, 'serving'));
  writeFileSync(join(directory, 'serving', 'Dockerfile'), 'FROM public.ecr.aws/docker/library/node:22-slim\n');
  return { directory, file: 'serving/Dockerfile', exclude: ['training'], ignoreMode: IgnoreMode.DOCKER, platform: Platform.LINUX_AMD64 };
}

export const MODEL_ARTIFACT = { bucketName: 'tst-models-111111111111-eu-west-1', region: 'eu-west-1', key: 'models/0123abcd/model.tar.gz', prefix: 'models/' };

/** where a config's catalogue would be stored with a stand-in training image: every model with its key. */
export function catalogueArtifact(config: AppConfig): ModelArtifactLocation {
  const entries = catalogueEntries(config, 'c'.repeat(64));
  return { ...MODEL_ARTIFACT, key: entries[0].key, models: Object.fromEntries(entries.map((e) => [e.name, e.key])) };
}

/** one endpoint to render: the stage's endpoint overrides and what the stage is for. */
export interface EndpointCase {
  readonly endpoint: Record<string, unknown>;
  readonly environment?: 'development' | 'staging' | 'production';
  /** the stage name (and so the endpoint name); defaults to the case's key */
  readonly stageName?: string;
}

/** a rendered endpoint: its stack, template and validated stage config. */
export interface RenderedEndpoint {
  readonly stack: EndpointStack;
  readonly template: Template;
  readonly stage: StageConfig;
}

/**
 * renders one endpoint stack per case in ONE app that shares one network stack. Each case is a
 * one-stage config whose stage is named after its key (`Serverless` gives endpoint `tst-serverless`)
 * unless it names one.
 */
export function renderEndpoints<K extends string>(cases: Record<K, EndpointCase>): Record<K, RenderedEndpoint> {
  const app = new App({ context: cdkJsonContext() });
  const image = fakeServingImage();
  const env = { account: '222222222222', region: 'eu-west-1' };
  const names = Object.keys(cases) as K[];
  const configs = names.map((name) => {
    const { endpoint, environment, stageName } = cases[name];
    return testConfig({ stages: [{ name: stageName ?? name, account: env.account, regions: [env.region], environment: environment ?? 'staging', endpoint }] });
  });
  const network = new NetworkStack(app, 'Network', { env, network: configs[0].stages[0].network, namePrefix: 'tst' });
  const stacks = names.map((name, index) => {
    const config = configs[index];
    const stage = config.stages[0];
    return { name, stage, stack: new EndpointStack(app, `${name}Endpoint`, { env, config, stage, modelArtifact: MODEL_ARTIFACT, vpc: network.vpc, servingImageSource: image }) };
  });
  const out = {} as Record<K, RenderedEndpoint>;
  for (const { name, stage, stack } of stacks) out[name] = { stack, stage, template: Template.fromStack(stack) };
  return out;
}

/** the only resource of a type in a template, with its logical id. */
export function onlyResource(template: Template, type: string): { id: string; resource: { Properties: Record<string, unknown>; DependsOn?: string[] } } {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [id, resource] = found[0];
  return { id, resource: resource as { Properties: Record<string, unknown>; DependsOn?: string[] } };
}
