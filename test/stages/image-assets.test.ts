import { App } from 'aws-cdk-lib';
import { AssetManifestArtifact, NestedCloudAssemblyArtifact } from 'aws-cdk-lib/cx-api';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { EndpointStack } from '../../stages/endpoint-stack';
import { NetworkStack } from '../../stages/network-stack';
import { TrainStage } from '../../stages/train-stage';
import { testConfig } from '../helpers/test-config';
import { MODEL_ARTIFACT } from './endpoint-test-app';

/** every Docker image asset of an assembly and its nested (stage) assemblies, by the Dockerfile it builds. */
function dockerImages(assembly: CloudAssembly): Map<string, { platform?: string; dockerFile?: string }> {
  const found = new Map<string, { platform?: string; dockerFile?: string }>();
  for (const artifact of assembly.artifacts) {
    if (artifact instanceof NestedCloudAssemblyArtifact) {
      for (const [file, source] of dockerImages(artifact.nestedAssembly)) found.set(file, source);
    }
    if (artifact instanceof AssetManifestArtifact) {
      for (const image of Object.values(artifact.contents.dockerImages ?? {})) {
        found.set(image.source.dockerFile ?? 'Dockerfile', image.source);
      }
    }
  }
  return found;
}

describe('container image assets as synthesized', () => {
  let images: Map<string, { platform?: string; dockerFile?: string }>;

  beforeAll(() => {
    const app = new App({ context: { 'aws:cdk:disable-asset-staging': true } });
    const config = testConfig({ stages: [{ name: 'Dev', account: '222222222222', regions: ['eu-west-1'], endpoint: { kind: 'instance' } }] });
    const env = { account: '222222222222', region: 'eu-west-1' };
    const network = new NetworkStack(app, 'Network', { env, network: config.stages[0].network, namePrefix: 'tst' });
    // the default serving image source: the real containers/serving/Dockerfile
    new EndpointStack(app, 'Endpoint', { env, config, stage: config.stages[0], modelArtifact: MODEL_ARTIFACT, vpc: network.vpc });
    new TrainStage(app, 'Train', { config });
    images = dockerImages(app.synth());
  });

  test.each(['serving/Dockerfile', 'training/Dockerfile'])('the %s asset is built for linux/amd64, the platform of ml.* instances, whatever machine builds it', (file) => {
    expect(images.get(file)).toEqual(expect.objectContaining({ platform: 'linux/amd64' }));
  });
});
