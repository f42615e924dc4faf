import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { EndpointStack } from '../../stages/endpoint-stack';
import { NetworkStack } from '../../stages/network-stack';
import { TrainStage } from '../../stages/train-stage';
import { testConfig } from '../helpers/test-config';
import { fakeServingImage, MODEL_ARTIFACT } from './endpoint-test-app';

const config = testConfig({
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'] },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'] },
    { name: 'Frankfurt', account: '444444444444', regions: ['eu-central-1'] },
  ],
});
const REGIONAL_BUCKET = 'tst-models-111111111111-eu-central-1';

let stage: TrainStage;
let regional: Template;
let home: Template;

beforeAll(() => {
  stage = new TrainStage(new App(), 'Train', { config });
  regional = Template.fromStack(stage.regionalModelStores['eu-central-1']);
  home = Template.fromStack(stage.modelStore);
});

const readSids = (template: Template) => (JSON.stringify(template.findResources('AWS::S3::BucketPolicy')).match(/ReadModels\w+/g) ?? []).sort();

describe('RegionalModelStoreStack', () => {
  test('exists once per region a stage deploys to besides the tooling region, in the tooling account', () => {
    expect(Object.keys(stage.regionalModelStores)).toEqual(['eu-central-1']);
    const store = stage.regionalModelStores['eu-central-1'];
    expect([store.stackName, store.account, store.region, store.terminationProtection]).toEqual(['tst-model-store-eu-central-1', '111111111111', 'eu-central-1', true]);
  });

  test('has a models bucket named for its region with the home bucket\'s properties', () => {
    regional.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: REGIONAL_BUCKET,
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() }, BucketKeyEnabled: true }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogs') }, LogFilePrefix: 'models/' },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'ExpireOldModelVersions', Prefix: 'models/', NoncurrentVersionExpiration: { NoncurrentDays: 90 } })]) },
    });
    const bucketOf = (template: Template, name: string) => {
      const props = { ...Object.values(template.findResources('AWS::S3::Bucket', { Properties: { BucketName: name } }))[0].Properties };
      delete props.BucketName;
      return props;
    };
    expect(bucketOf(regional, REGIONAL_BUCKET)).toEqual(bucketOf(home, 'tst-models-111111111111-eu-west-1'));
  });

  test('encrypts with a rotating, retained key aliased like the home store\'s, and denies requests without TLS', () => {
    regional.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    regional.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tst/models' });
    const tlsDenies = Object.values(regional.findResources('AWS::S3::BucketPolicy')).filter((p) => JSON.stringify(p).includes('"aws:SecureTransport":"false"'));
    expect(tlsDenies).toHaveLength(2);
  });

  test('lets only the endpoint roles of the stages in its region read models, decrypting through S3 there', () => {
    expect(readSids(regional)).toEqual(['ReadModelsFrankfurt444444444444', 'ReadModelsProd333333333333']);
    regional.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'DecryptModelsFrankfurt444444444444', Action: 'kms:Decrypt', Condition: Match.objectLike({ StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } }) }),
        ]),
      },
    });
    expect(JSON.stringify(regional.toJSON())).not.toContain('222222222222');
  });

  test('the home store admits only the stages in the tooling region', () => {
    expect(readSids(home)).toEqual(['ReadModelsProd333333333333', 'ReadModelsStaging222222222222']);
  });

  test('outputs the bucket and key the training step copies with', () => {
    expect(Object.keys(regional.findOutputs('*')).sort()).toEqual(['ModelKeyArn', 'ModelsBucketName']);
  });
});

describe('TrainStage.modelArtifactIn', () => {
  test('gives the bucket of the region asked for, with the same key', () => {
    expect(stage.modelArtifactIn('eu-central-1')).toEqual({ ...stage.modelArtifact, bucketName: REGIONAL_BUCKET, region: 'eu-central-1' });
    expect(stage.modelArtifactIn('eu-west-1')).toEqual(stage.modelArtifact);
  });

  test('fails when no stage deploys to the region', () => {
    expect(() => stage.modelArtifactIn('us-east-1')).toThrow("the Train stage has no models bucket in us-east-1 (only in eu-west-1, eu-central-1); add us-east-1 to a stage's regions in the config so the Train stage deploys a model store there");
  });
});

describe('EndpointStack', () => {
  test('fails when its model artifact is in another region', () => {
    const app = new App();
    const env = { account: '222222222222', region: 'eu-central-1' };
    const network = new NetworkStack(app, 'Network', { env, network: config.stages[0].network, namePrefix: 'tst' });
    expect(() => new EndpointStack(app, 'Endpoint', { env, config, stage: config.stages[2], modelArtifact: MODEL_ARTIFACT, vpc: network.vpc, servingImageSource: fakeServingImage() })).toThrow(
      /^endpoint stack Endpoint is in eu-central-1 but its model artifact is in s3:\/\/tst-models-111111111111-eu-west-1 \(eu-west-1\); .*\(TrainStage\.modelArtifactIn\('eu-central-1'\)/,
    );
  });
});
