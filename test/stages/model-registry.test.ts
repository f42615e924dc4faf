import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { registerNagPacks } from '../../compliance/register-nag';
import { modelPackageGroupName } from '../../config/registry-names';
import { TrainStage } from '../../stages/train-stage';
import { testConfig } from '../helpers/test-config';
import { synthViolations } from '../helpers/synth-violations';

const models = { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2: '0.01' } } };
const config = testConfig({
  models,
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'] },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1'] },
    { name: 'Tools', account: '111111111111', regions: ['eu-west-1'] },
  ],
});

let store: Template;
let outdir: string;
let violations: string[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'model-registry-'));
  const app = new App({ outdir });
  registerNagPacks(app);
  const stage = new TrainStage(app, 'Train', { config });
  store = Template.fromStack(stage.modelStore);
  violations = synthViolations(app, outdir).map((v) => `${v.pack} ${v.rule} ${v.path}`);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const groupArn = (group: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:model-package-group/${group}`]] });
const versionsArn = (group: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:model-package/${group}/*`]] });
const root = (account: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]] });

describe('model package groups in the model store (tooling account)', () => {
  test('one group per model of the catalogue, named after the project and the model, retained on delete', () => {
    const groups = store.findResources('AWS::SageMaker::ModelPackageGroup');
    expect(Object.values(groups).map((g) => g.Properties.ModelPackageGroupName).sort()).toEqual(['tst-iris-softmax', 'tst-iris-softmax-l2']);
    for (const group of Object.values(groups)) {
      expect(group.DeletionPolicy).toBe('Retain');
      expect(group.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('keeps the groups\' logical ids (a renamed id would replace a group, and a group with versions cannot be replaced)', () => {
    expect(Object.keys(store.findResources('AWS::SageMaker::ModelPackageGroup')).sort()).toEqual(['ModelRegistryGroupirissoftmax2CC91981', 'ModelRegistryGroupirissoftmaxl212CEC0FF']);
  });

  test('the resource policy names each stage account outside the tooling account and grants only the read actions', () => {
    store.hasResourceProperties('AWS::SageMaker::ModelPackageGroup', {
      ModelPackageGroupName: 'tst-iris-softmax-l2',
      ModelPackageGroupPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'StageAccountsDescribeGroup', Effect: 'Allow', Principal: { AWS: [root('222222222222'), root('333333333333')] }, Action: ['sagemaker:DescribeModelPackageGroup'], Resource: groupArn('tst-iris-softmax-l2') },
          { Sid: 'StageAccountsReadVersions', Effect: 'Allow', Principal: { AWS: [root('222222222222'), root('333333333333')] }, Action: ['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages'], Resource: versionsArn('tst-iris-softmax-l2') },
        ],
      },
    });
  });

  test('no statement of any group grants a write (create, update, delete, tag) to another account', () => {
    const groups = Object.values(store.findResources('AWS::SageMaker::ModelPackageGroup'));
    const actions = groups.flatMap((g) => (g.Properties.ModelPackageGroupPolicy.Statement as { Action: string[] }[]).flatMap((s) => s.Action));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => !/^sagemaker:(Describe|List)/.test(a))).toEqual([]);
  });

  test('a config whose stages are all in the tooling account gets groups without a resource policy', () => {
    const local = testConfig({ stages: [{ name: 'Staging', account: '111111111111', regions: ['eu-west-1'] }] });
    const template = Template.fromStack(new TrainStage(new App(), 'Train', { config: local }).modelStore);
    template.hasResourceProperties('AWS::SageMaker::ModelPackageGroup', { ModelPackageGroupName: 'tst-default', ModelPackageGroupPolicy: Match.absent() });
  });

  test('the model store with its groups has no open finding in the compliance packs', () => {
    expect(violations.filter((v) => v.includes('/ModelStore/'))).toEqual([]);
  });
});

describe('modelPackageGroupName', () => {
  test('joins the project prefix and the model name', () => {
    expect(modelPackageGroupName(config, 'iris-softmax')).toBe('tst-iris-softmax');
  });

  test('fails when prefix and model name make a name longer than SageMaker allows', () => {
    expect(() => modelPackageGroupName({ project: { name: 'x', prefix: 'a-twenty-char-prefix' } } as never, 'a-model-name-that-is-longer-than-forty-two-c')).toThrow(
      /model package group name "a-twenty-char-prefix-a-model-name-that-is-longer-than-forty-two-c" .* is not a SageMaker group name of at most 63 letters, digits and "-"; shorten the prefix or the model name/,
    );
  });
});
