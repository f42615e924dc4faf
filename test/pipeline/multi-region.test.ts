import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { BuiltApp } from '../../pipeline/build-app';
import { buildApp } from '../../pipeline/build-app';
import type { MlStage } from '../../stages/ml-stage';
import type { TrainStage } from '../../stages/train-stage';
import { pipelineProperties, pipelineShape } from '../helpers/pipeline-template';
import { cdkJsonContext } from '../stages/endpoint-test-app';
import { testConfig } from '../helpers/test-config';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

describe('a stage in two regions, with the compliance packs and the feature flags of cdk.json', () => {
  let built: BuiltApp;
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'multi-region-'));
    built = buildApp(testConfig({ stages: [{ name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'] }] }), { outdir, context: cdkJsonContext() });
    // throws when any pack has an open finding
    built.app.synth();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('keeps artifacts in a compliant replica store of ours in the other region', () => {
    const replica = built.app.node.findChild('tst-pipeline-artifacts-eu-central-1');
    const template = Template.fromStack(replica as never);
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'tst-artifacts-111111111111-eu-central-1', VersioningConfiguration: { Status: 'Enabled' } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tst/pipeline-artifacts' });
    const stores = pipelineProperties(Template.fromStack(built.pipelineStack)).ArtifactStores as { Region: string }[];
    expect(stores.map((s) => s.Region).sort()).toEqual(['eu-central-1', 'eu-west-1']);
  });

  test('no pipeline role may start, stop or write anything on "*"', () => {
    const policies = Template.fromStack(built.pipelineStack).findResources('AWS::IAM::Policy');
    const onEverything = Object.entries(policies).flatMap(([id, p]) =>
      (p.Properties.PolicyDocument.Statement as Statement[])
        .filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')))
        .map((s) => [id, s.Action]),
    );
    // read-only describes, and KMS data actions limited by the replica key's key policy (see generated-grants.ts)
    for (const [, action] of onEverything) {
      const actions = Array.isArray(action) ? action : [action];
      expect(actions.every((a: string) => /^(cloudformation:Describe|s3:ListBucket$|kms:(Decrypt|DescribeKey|Encrypt|ReEncrypt\*|GenerateDataKey\*)$)/.test(a))).toBe(true);
    }
  });

  const modelKey = () => (built.pipelineStack.node.findChild('Train') as TrainStage).modelArtifact.key;
  const endpointOf = (region: string) => Template.fromStack((built.pipelineStack.node.findChild(`Prod-${region}`) as MlStage).endpoint);

  test('the Train stage deploys a model store in the other region before the training step', () => {
    const train = pipelineShape(Template.fromStack(built.pipelineStack)).find((s) => s.name === 'Train');
    const order = Object.fromEntries(train?.actions.map((a) => [a.name, a.runOrder]) ?? []);
    expect(order['tst-model-store-eu-central-1.Deploy']).toBeLessThan(order.TrainModel);
  });

  test.each([['eu-west-1'], ['eu-central-1']])('the endpoint in %s serves the model from the models bucket of its own region', (region) => {
    const bucket = `tst-models-111111111111-${region}`;
    const endpoint = endpointOf(region);
    endpoint.hasResourceProperties('AWS::SageMaker::Model', { PrimaryContainer: Match.objectLike({ ModelDataUrl: `s3://${bucket}/${modelKey()}` }) });
    endpoint.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          // the endpoint stack's environment is known, so cdk.json's flags render the partition as a literal
          Match.objectLike({ Sid: 'ReadModel', Resource: `arn:aws:s3:::${bucket}/${modelKey().slice(0, modelKey().lastIndexOf('/') + 1)}*` }),
          Match.objectLike({
            Sid: 'DecryptModelThroughS3',
            Resource: `arn:aws:kms:${region}:111111111111:key/*`,
            Condition: Match.objectLike({ StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } }),
          }),
        ]),
      },
    });
    const other = region === 'eu-west-1' ? 'eu-central-1' : 'eu-west-1';
    expect(JSON.stringify(endpoint.toJSON())).not.toContain(`tst-models-111111111111-${other}`);
  });

  test('the training step reads the regional bucket and key from the regional store\'s outputs', () => {
    const actions = (pipelineProperties(Template.fromStack(built.pipelineStack)).Stages as { Name: string; Actions: { Name: string; Configuration?: { EnvironmentVariables?: string } }[] }[])
      .find((s) => s.Name === 'Train')
      ?.Actions.find((a) => a.Name === 'TrainModel');
    const vars = Object.fromEntries((JSON.parse(actions?.Configuration?.EnvironmentVariables ?? '[]') as { name: string; value: string }[]).map((v) => [v.name, v.value]));
    expect(vars.MODELS_BUCKET_EU_CENTRAL_1).toMatch(/^#\{.+\.ModelsBucketName\}$/);
    expect(vars.MODEL_KMS_KEY_ARN_EU_CENTRAL_1).toMatch(/^#\{.+\.ModelKeyArn\}$/);
    expect(vars.MODELS_BUCKET_EU_CENTRAL_1).not.toBe(vars.MODELS_BUCKET);
  });

  test('the training step\'s role may see and copy models into the regional bucket, encrypting with that region\'s model key only', () => {
    Template.fromStack(built.pipelineStack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'CopyModelsToRegionalBuckets', Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::tst-models-111111111111-eu-central-1/models/*']] } }),
          Match.objectLike({ Sid: 'SeeMissingRegionalModels', Action: 's3:ListBucket', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::tst-models-111111111111-eu-central-1']] } }),
          Match.objectLike({
            Sid: 'EncryptRegionalModelCopies',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:eu-central-1:', { Ref: 'AWS::AccountId' }, ':key/*']] },
            Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/tst/models' } },
          }),
        ]),
      },
    });
  });
});
