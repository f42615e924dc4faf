import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { AppConfig } from '../../config';
import { EndpointStack } from '../../stages/endpoint-stack';
import { NetworkStack } from '../../stages/network-stack';
import { identityOfKey } from '../../stages/constructs/served-versions';
import { testConfig } from '../helpers/test-config';
import { catalogueArtifact, cdkJsonContext, fakeServingImage } from './endpoint-test-app';

const env = { account: '222222222222', region: 'eu-west-1' };
const models = { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2: '0.01' } } };
const stage = (name: string, endpoint: Record<string, unknown>) => ({ name, account: env.account, regions: [env.region], endpoint });

let config: AppConfig;
let single: Template;
let multi: Template;
let keys: Record<string, string>;

beforeAll(() => {
  config = testConfig({ models, stages: [stage('Single', { model: 'iris-softmax-l2' }), stage('Multi', { kind: 'multiModel' })] });
  const artifact = catalogueArtifact(config);
  keys = artifact.models ?? {};
  const app = new App({ context: cdkJsonContext() });
  const network = new NetworkStack(app, 'Network', { env, network: config.stages[0].network, namePrefix: 'tst' });
  const image = fakeServingImage();
  const [a, b] = config.stages.map((s) => new EndpointStack(app, `${s.name}Endpoint`, { env, config, stage: s, modelArtifact: artifact, vpc: network.vpc, servingImageSource: image }));
  single = Template.fromStack(a);
  multi = Template.fromStack(b);
});

describe('endpoints record the model versions they serve', () => {
  test('the endpoint is tagged with each served model\'s group and content address', () => {
    const l2 = identityOfKey(keys['iris-softmax-l2']);
    single.hasResourceProperties('AWS::SageMaker::Endpoint', { Tags: Match.arrayWith([{ Key: 'mlpipe:model-version:iris-softmax-l2', Value: `tst-iris-softmax-l2/${l2}` }]) });
    const tags = (multi.findResources('AWS::SageMaker::Endpoint') as Record<string, { Properties: { Tags: { Key: string; Value: string }[] } }>);
    const versionTags = Object.values(tags)[0].Properties.Tags.filter((t) => t.Key.startsWith('mlpipe:model-version:'));
    expect(versionTags.map((t) => t.Key).sort()).toEqual(['mlpipe:model-version:iris-softmax', 'mlpipe:model-version:iris-softmax-l2']);
  });

  test('the ModelVersions output names, per model, the tooling account\'s group, the identity and the key', () => {
    const output = single.findOutputs('ModelVersions').ModelVersions;
    const resolved = JSON.stringify(output.Value);
    expect(output.Description).toMatch(/^the model versions the endpoint serves/);
    expect(resolved).toContain(identityOfKey(keys['iris-softmax-l2']));
    expect(resolved).toContain(keys['iris-softmax-l2']);
    expect(resolved).toContain(':sagemaker:eu-west-1:111111111111:model-package-group/tst-iris-softmax-l2');
    expect(resolved).not.toContain('tst-iris-softmax/');
  });

  test('fails when a key is not content-addressed', () => {
    expect(() => identityOfKey('models/latest/model.tar.gz')).toThrow('model key "models/latest/model.tar.gz" is not a content-addressed key models/<identity>/model.tar.gz; pass a key from modelArtifactKey()');
  });
});
