import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, IgnoreMode } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ContainerImageSource } from '../../containers/images';
import { EndpointStack } from '../../stages/endpoint-stack';
import { NetworkStack } from '../../stages/network-stack';
import { testConfig } from '../helpers/test-config';

/** a serving image source with a stand-in Dockerfile, so endpoint tests do not depend on the real image. */
export function fakeServingImage(): ContainerImageSource {
  const directory = mkdtempSync(join(tmpdir(), 'serving-image-'));
  mkdirSync(join(directory, 'serving'));
  writeFileSync(join(directory, 'serving', 'Dockerfile'), 'FROM public.ecr.aws/docker/library/node:22-slim\n');
  return { directory, file: 'serving/Dockerfile', exclude: ['training'], ignoreMode: IgnoreMode.DOCKER };
}

export const MODEL_ARTIFACT = { bucketName: 'tst-models-111111111111-eu-west-1', key: 'models/0123abcd/model.tar.gz', prefix: 'models/' };

/** an endpoint stack (and its network stack) for one stage endpoint config, as a template. */
export function endpointTemplate(endpoint: Record<string, unknown>, environment = 'staging', image = fakeServingImage()): { stack: EndpointStack; template: Template } {
  const config = testConfig({ stages: [{ name: 'Staging', account: '222222222222', regions: ['eu-west-1'], environment, endpoint }] });
  const stage = config.stages[0];
  const app = new App();
  const env = { account: stage.account, region: 'eu-west-1' };
  const network = new NetworkStack(app, 'Network', { env, network: stage.network, namePrefix: 'tst-staging' });
  const stack = new EndpointStack(app, 'Endpoint', { env, config, stage, modelArtifact: MODEL_ARTIFACT, vpc: network.vpc, servingImageSource: image });
  return { stack, template: Template.fromStack(stack) };
}
