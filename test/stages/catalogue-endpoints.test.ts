import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { AppConfig } from '../../config';
import { catalogueEntries } from '../../config/model-definition';
import { EndpointStack } from '../../stages/endpoint-stack';
import { NetworkStack } from '../../stages/network-stack';
import { identityOfKey } from '../../stages/constructs/served-versions';
import { TrainStage } from '../../stages/train-stage';
import { testConfig } from '../helpers/test-config';
import { catalogueArtifact, cdkJsonContext, fakeServingImage, onlyResource } from './endpoint-test-app';

const env = { account: '222222222222', region: 'eu-west-1' };
const models = { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2: '0.01' } } };
const stage = (name: string, endpoint: Record<string, unknown>) => ({ name, account: env.account, regions: [env.region], endpoint });

let config: AppConfig;
let instance: Template;
let multi: Template;
let keys: Record<string, string>;

beforeAll(() => {
  config = testConfig({ models, stages: [stage('Single', { model: 'iris-softmax-l2' }), stage('Multi', { kind: 'multiModel' })] });
  const artifact = catalogueArtifact(config);
  keys = artifact.models ?? {};
  const app = new App({ context: cdkJsonContext() });
  const network = new NetworkStack(app, 'Network', { env, network: config.stages[0].network, namePrefix: 'tst' });
  const image = fakeServingImage();
  const [single, multiModel] = config.stages.map(
    (s) => new EndpointStack(app, `${s.name}Endpoint`, { env, config, stage: s, modelArtifact: artifact, vpc: network.vpc, servingImageSource: image }),
  );
  instance = Template.fromStack(single);
  multi = Template.fromStack(multiModel);
});

const bucket = 'tst-models-111111111111-eu-west-1';
const identity = (name: string) => keys[name].split('/')[1];

describe('endpoints serving the model catalogue', () => {
  test('two models have two content-addressed keys', () => {
    expect(Object.keys(keys)).toEqual(['iris-softmax', 'iris-softmax-l2']);
    expect(keys['iris-softmax']).not.toBe(keys['iris-softmax-l2']);
    expect(Object.values(keys)).toEqual(catalogueEntries(config, 'c'.repeat(64)).map((e) => e.key));
  });

  test('an instance endpoint serves the one model endpoint.model names, and may read only its folder', () => {
    instance.hasResourceProperties('AWS::SageMaker::Model', { PrimaryContainer: { ModelDataUrl: `s3://${bucket}/${keys['iris-softmax-l2']}`, Mode: 'SingleModel' } });
    const policy = onlyResource(instance, 'AWS::IAM::ManagedPolicy').resource.Properties.PolicyDocument as { Statement: { Sid: string; Resource: unknown }[] };
    expect(policy.Statement.find((s) => s.Sid === 'ReadModel')?.Resource).toBe(`arn:aws:s3:::${bucket}/models/${identity('iris-softmax-l2')}/*`);
    instance.hasOutput('ServedModels', { Value: JSON.stringify({ 'iris-softmax-l2': keys['iris-softmax-l2'] }) });
    expect(instance.findOutputs('TargetModels')).toEqual({});
    instance.resourceCountIs('AWS::SSM::Parameter', 0);
  });

  test('a multi-model endpoint serves every model from the one models prefix', () => {
    multi.hasResourceProperties('AWS::SageMaker::Model', { PrimaryContainer: { ModelDataUrl: `s3://${bucket}/models/`, Mode: 'MultiModel' } });
    multi.hasOutput('ServedModels', { Value: JSON.stringify(keys) });
  });

  test('a multi-model endpoint publishes the name -> TargetModel map as an output and an SSM parameter', () => {
    const map = JSON.stringify({ 'iris-softmax': `${identity('iris-softmax')}/model.tar.gz`, 'iris-softmax-l2': `${identity('iris-softmax-l2')}/model.tar.gz` });
    multi.hasOutput('TargetModels', { Value: map });
    multi.hasResourceProperties('AWS::SSM::Parameter', { Name: '/tst-multi/target-models', Type: 'String', Value: map, Tier: 'Standard' });
  });

  test('a multi-model endpoint serves only the models endpoint.models lists', () => {
    const one = testConfig({ models, stages: [stage('Multi', { kind: 'multiModel', models: ['iris-softmax-l2'] })] });
    const app = new App({ context: cdkJsonContext() });
    const network = new NetworkStack(app, 'Network', { env, network: one.stages[0].network, namePrefix: 'tst' });
    const stack = new EndpointStack(app, 'MultiEndpoint', { env, config: one, stage: one.stages[0], modelArtifact: catalogueArtifact(one), vpc: network.vpc, servingImageSource: fakeServingImage() });
    Template.fromStack(stack).hasOutput('TargetModels', { Value: JSON.stringify({ 'iris-softmax-l2': `${identity('iris-softmax-l2')}/model.tar.gz` }) });
  });
});

describe('the Train stage of a catalogue', () => {
  test('outputs every model\'s content-addressed key, computed from the training image it builds', () => {
    const catalogue = testConfig({ models });
    const train = new TrainStage(new App({ context: cdkJsonContext() }), 'Train', { config: catalogue });
    const expected = Object.fromEntries(catalogueEntries(catalogue, train.training.image.assetHash).map((e) => [e.name, e.key]));
    expect(Object.keys(expected)).toHaveLength(2);
    Template.fromStack(train.training).hasOutput('ModelKeys', { Value: JSON.stringify(expected) });
    expect(train.modelArtifact.models).toEqual(expected);
    expect(train.modelArtifact.key).toBe(expected['iris-softmax']);
  });
});

describe('the dashboard of a multi-model endpoint', () => {
  const body = (template: Template) => {
    const dashboard = onlyResource(template, 'AWS::CloudWatch::Dashboard').resource.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
    return dashboard['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  };

  test('graphs loaded models, cache hits, loading wait, downloading and unloading time', () => {
    const text = body(multi);
    for (const metric of ['LoadedModelCount', 'ModelCacheHit', 'ModelLoadingWaitTime', 'ModelDownloadingTime', 'ModelLoadingTime', 'ModelUnloadingTime']) expect(text).toContain(`"${metric}"`);
    expect(text).toContain('"/aws/sagemaker/Endpoints","LoadedModelCount"');
    expect(body(instance)).not.toContain('LoadedModelCount');
  });

  test('says what to do when the multi-model metrics move', () => {
    const text = body(multi);
    expect(text).toContain('**Loaded models** (per instance)');
    expect(text).toContain('the working set does not fit; use an instance type with more memory, or more instances');
    expect(text).toContain('the instance thrashes');
    expect(text).toContain('**Downloading time**');
  });
});

describe('endpoints record the model versions they serve', () => {
  test('the endpoint is tagged with each served model\'s group and content address', () => {
    const l2 = identityOfKey(keys['iris-softmax-l2']);
    instance.hasResourceProperties('AWS::SageMaker::Endpoint', { Tags: Match.arrayWith([{ Key: 'mlpipe:model-version:iris-softmax-l2', Value: `tst-iris-softmax-l2/${l2}` }]) });
    const tags = (multi.findResources('AWS::SageMaker::Endpoint') as Record<string, { Properties: { Tags: { Key: string; Value: string }[] } }>);
    const versionTags = Object.values(tags)[0].Properties.Tags.filter((t) => t.Key.startsWith('mlpipe:model-version:'));
    expect(versionTags.map((t) => t.Key).sort()).toEqual(['mlpipe:model-version:iris-softmax', 'mlpipe:model-version:iris-softmax-l2']);
  });

  test('the ModelVersions output names, per model, the tooling account\'s group, the identity and the key', () => {
    const output = instance.findOutputs('ModelVersions').ModelVersions;
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
