import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { BuiltApp } from '../../pipeline/build-app';
import { buildApp } from '../../pipeline/build-app';
import { pipelineProperties } from '../helpers/pipeline-template';
import { testConfig } from '../helpers/test-config';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

describe('a stage in two regions, with the compliance packs', () => {
  let built: BuiltApp;
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'multi-region-'));
    built = buildApp(testConfig({ stages: [{ name: 'Prod', account: '333333333333', regions: ['eu-west-1', 'eu-central-1'] }] }), { outdir });
    // throws when any pack has an open finding
    built.app.synth();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('keeps artifacts in a compliant replica store of ours in the other region', () => {
    const replica = built.app.node.findChild('Artifacts-eu-central-1');
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
});
