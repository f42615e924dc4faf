import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { App, IgnoreMode } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { stringify } from 'yaml';
import { parseConfig } from '../../config';
import { MlStage } from '../../stages/ml-stage';
import { TrainStage } from '../../stages/train-stage';
import { baseDocument } from '../helpers/test-config';
import { cdkJsonContext } from './endpoint-test-app';

/*
 * The Train stage and the endpoint stacks of a catalogue with XGBoost on three instances,
 * scikit-learn on one and PyTorch on two: the packed sources as file assets, the training role's
 * grants, and each endpoint's image taken from its model's framework.
 */

/** every policy statement of a template (managed, inline and role policies). */
function statementsOf(template: Template): { Sid?: string; Resource: unknown }[] {
  const found: { Sid?: string; Resource: unknown }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (Array.isArray(record.Statement)) found.push(...(record.Statement as { Sid?: string; Resource: unknown }[]));
      Object.values(record).forEach(walk);
    }
  };
  walk(template.toJSON().Resources);
  return found;
}

const METRICS = [{ name: 'validation:accuracy', regex: 'validation:accuracy=([0-9.]+)' }];
let dir: string;
let outdir: string;
let training: Template;
let endpoints: Record<string, Template>;
let sha: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlpipe-framework-stacks-'));
  for (const name of ['skl', 'torch']) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'train.py'), `print("${name}")\n`);
    writeFileSync(join(dir, name, 'inference.py'), 'def model_fn(model_dir):\n    return None\n');
  }
  mkdirSync(join(dir, 'image', 'training'), { recursive: true });
  writeFileSync(join(dir, 'image', 'training', 'Dockerfile'), 'FROM public.ecr.aws/docker/library/node:22-slim\n');
  const document = {
    ...baseDocument(),
    models: {
      xgb: { framework: { name: 'xgboost', version: '1.7-1' }, instanceType: 'ml.m5.xlarge', instanceCount: 3, hyperparameters: { objective: 'multi:softprob', num_class: '3' } },
      skl: { framework: { name: 'sklearn', version: '1.2-1', sourceDir: 'skl' }, metricDefinitions: METRICS },
      torch: { framework: { name: 'pytorch', version: '2.3.0', sourceDir: 'torch', distribution: 'torchDistributed' }, metricDefinitions: METRICS, instanceType: 'ml.g5.xlarge', instanceCount: 2 },
    },
    stages: [
      { name: 'Xgb', account: '222222222222', regions: ['eu-west-1'], endpoint: { kind: 'multiModel', models: ['xgb'] } },
      { name: 'Skl', account: '222222222222', regions: ['eu-west-1'], endpoint: { kind: 'serverless', model: 'skl' } },
      { name: 'Torch', account: '222222222222', regions: ['eu-west-1'], endpoint: { kind: 'instance', model: 'torch', instance: { instanceType: 'ml.p3.2xlarge' } } },
    ],
  };
  const config = parseConfig(stringify(document), join(dir, 'pipeline.yaml'));
  sha = Object.fromEntries(config.models.flatMap((m) => (m.code ? [[m.name, m.code.sha256]] : [])));
  outdir = join(dir, 'cdk.out');
  const app = new App({ context: cdkJsonContext(), outdir });
  const trainingImage = { directory: join(dir, 'image'), file: 'training/Dockerfile', exclude: [], ignoreMode: IgnoreMode.DOCKER, platform: Platform.LINUX_AMD64 };
  const train = new TrainStage(app, 'Train', { config, trainingImage });
  const stages = config.stages.map((stage) => new MlStage(app, stage.name, { config, stage, region: 'eu-west-1', modelArtifact: train.modelArtifactIn('eu-west-1') }));
  training = Template.fromStack(train.training);
  endpoints = Object.fromEntries(stages.map((s) => [s.node.id, Template.fromStack(s.endpoint)]));
  app.synth();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the training stack of framework models', () => {
  /** model name -> the S3 URI of its archive, as the step reads SOURCE_ARCHIVES. */
  const archives = () => JSON.parse(training.findOutputs('SourceArchives').SourceArchives.Value as string) as Record<string, string>;

  it('outputs an archive of each script-mode model for the train step (SOURCE_ARCHIVES), none for XGBoost', () => {
    expect(Object.keys(archives())).toEqual(['skl', 'torch']);
    expect(archives().skl).toMatch(/^s3:\/\/cdk-hnb659fds-assets-111111111111-eu-west-1\/[0-9a-f]{64}\.gz$/);
    expect(archives().skl).not.toBe(archives().torch);
  });

  it('stages each archive as the deterministic sourcedir.tar.gz whose tar has the hash the identity records', () => {
    for (const name of ['skl', 'torch']) {
      const key = archives()[name].split('/').pop() ?? '';
      const staged = join(outdir, `asset.${key.replace(/\.gz$/, '')}.tar.gz`);
      expect(existsSync(staged)).toBe(true);
      expect(createHash('sha256').update(gunzipSync(readFileSync(staged))).digest('hex')).toBe(sha[name]);
    }
  });

  it('lets the training role read exactly the two archives and pull exactly the three framework images', () => {
    const statements = statementsOf(training);
    const read = statements.find((s) => s.Sid === 'ReadSourceArchives');
    expect(JSON.stringify(read?.Resource)).toContain(archives().skl.slice('s3://'.length));
    expect((read?.Resource as unknown[]).length).toBe(2);
    const pull = statements.find((s) => s.Sid === 'PullFrameworkImages');
    expect(JSON.stringify(pull?.Resource)).toEqual(JSON.stringify([
      ['arn:', ':ecr:eu-west-1:141502667606:repository/sagemaker-scikit-learn'],
      ['arn:', ':ecr:eu-west-1:141502667606:repository/sagemaker-xgboost'],
      ['arn:', ':ecr:eu-west-1:763104351884:repository/pytorch-training'],
    ].map(([a, b]) => ({ 'Fn::Join': ['', [a, { Ref: 'AWS::Partition' }, b]] }))));
  });
});

describe('endpoint stacks serve each model with its framework\'s image', () => {
  const container = (stage: string) => (Object.values(endpoints[stage].findResources('AWS::SageMaker::Model'))[0] as { Properties: { PrimaryContainer: { Image: string; Environment: Record<string, string>; Mode: string } } }).Properties.PrimaryContainer;

  it('serves XGBoost (multi-model) from the XGBoost image, with no serving asset of the sample', () => {
    expect(container('Xgb')).toMatchObject({ Image: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1', Mode: 'MultiModel', Environment: {} });
    expect(JSON.stringify(endpoints.Xgb.toJSON())).not.toContain('container-assets');
  });

  it('serves scikit-learn (serverless) from its inference image running inference.py from the model archive\'s code folder', () => {
    expect(container('Skl')).toMatchObject({
      Image: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code', SAGEMAKER_CONTAINER_LOG_LEVEL: '20', SAGEMAKER_REGION: 'eu-west-1' },
    });
  });

  it('serves PyTorch on a GPU instance from the GPU inference image, and its role may pull only that repository', () => {
    expect(container('Torch').Image).toBe('763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:2.3.0-gpu-py311');
    expect(statementsOf(endpoints.Torch).find((s) => s.Sid === 'PullServingImage')?.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:763104351884:repository/pytorch-inference']] });
  });
});
