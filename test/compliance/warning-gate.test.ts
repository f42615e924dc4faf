import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Validations } from 'aws-cdk-lib';
import { acknowledge } from '../../compliance/acknowledge';
import { REPO_ROOT } from '../helpers/test-config';

const context = (JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

/** an app with cdk.json's flags, one acknowledged error and, optionally, one open warning. */
function synth(withWarning: boolean): void {
  const app = new App({ context });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Gate');
  const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
  acknowledge(topic, { ids: ['AwsSolutions-SNS2'], reason: 'fixture: an acknowledged error so the pack has one waived finding' });
  if (withWarning) new ec2.CfnNetworkAcl(stack, 'Acl', { vpcId: 'vpc-12345678' });
  app.synth();
}

describe('the compliance gate with cdk.json\'s flags', () => {
  test('passes when the only finding is acknowledged', () => {
    expect(() => synth(false)).not.toThrow();
  });

  test('fails when a warning is open next to an acknowledged finding of the same pack', () => {
    expect(() => synth(true)).toThrow(/Acknowledge with 'AwsSolutions::AwsSolutions-VPC3'/);
  });
});
