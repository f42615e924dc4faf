import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TrainStage } from '../../stages/train-stage';
import { testConfig } from '../helpers/test-config';

/*
 * The model store admits a monitored stage's Model Monitor role (by its exact ARN) to read under
 * models/ and decrypt through S3; the role's own policy narrows that to the served model's baseline
 * folder (endpoint-monitoring.test.ts). Unmonitored stages add no reader.
 */

const capture = { enabled: true, captureRequest: true, captureResponse: true };
const config = testConfig({
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'] },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], environment: 'production', endpoint: { dataCapture: capture, monitoring: { enabled: true } } },
  ],
});

let store: Template;
beforeAll(() => {
  store = Template.fromStack(new TrainStage(new App(), 'Train', { config }).modelStore);
});

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };
const statements = (type: string) => Object.values(store.findResources(type)).flatMap((r) => (r.Properties.PolicyDocument ?? r.Properties.KeyPolicy).Statement as Statement[]);

describe('the model store and Model Monitor', () => {
  test('the bucket policy lets the monitored stage\'s monitoring role get objects under models/, and no other stage gets a monitor reader', () => {
    const readers = statements('AWS::S3::BucketPolicy').filter((s) => (s.Sid ?? '').startsWith('ReadModels'));
    expect(readers.map((s) => s.Sid).sort()).toEqual(['ReadModelsProd333333333333', 'ReadModelsProdMonitor333333333333', 'ReadModelsStaging222222222222']);
    const monitor = readers.find((s) => s.Sid === 'ReadModelsProdMonitor333333333333');
    expect(monitor?.Action).toBe('s3:GetObject');
    expect(JSON.stringify(monitor?.Condition)).toContain(':iam::333333333333:role/tst-prod-endpoint-monitor');
  });

  test('the key policy lets it decrypt only through S3', () => {
    const decrypt = statements('AWS::KMS::Key').find((s) => s.Sid === 'DecryptModelsProdMonitor333333333333');
    expect(decrypt?.Action).toBe('kms:Decrypt');
    expect(decrypt?.Condition?.StringEquals).toEqual({ 'kms:ViaService': 's3.eu-west-1.amazonaws.com' });
  });
});
