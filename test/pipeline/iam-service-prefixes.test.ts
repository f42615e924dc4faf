import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../pipeline/build-app';
import { arnService, policyStatements, prefixMismatches } from '../helpers/iam-service-prefixes';
import { repoDocument, testConfig } from '../helpers/test-config';
import { cdkJsonContext } from '../stages/endpoint-test-app';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

const CONNECTION_ID = '0f0e0d0c-0b0a-0908-0706-050403020100';
const connectionArn = (service: string) => `arn:aws:${service}:eu-west-1:111111111111:connection/${CONNECTION_ID}`;

/**
 * every template of an app built from the committed pipeline.yaml with a GitHub source behind a
 * connection of the given service, a multi-model QA stage, and production in a second region
 * (regional model store, artifact replica): the pipeline stack and every stage stack.
 */
function templatesOf(connectionService: string): { name: string; resources: Resources }[] {
  const doc = repoDocument();
  const stages = doc.stages as Record<string, unknown>[];
  doc.source = { kind: 'github', repository: 'my-org/sagemaker-cdk-pipeline', branch: 'main', connectionArn: connectionArn(connectionService) };
  doc.stages = [
    stages[0],
    { name: 'Qa', account: '444444444444', regions: ['eu-west-1'], endpoint: { kind: 'multiModel', instance: { instanceType: 'ml.m5.large' } } },
    { ...stages[1], regions: ['eu-west-1', 'eu-central-1'] },
  ];
  const config = testConfig({}, doc);
  const outdir = mkdtempSync(join(tmpdir(), 'iam-prefixes-'));
  try {
    const { app } = buildApp(config, { outdir, context: cdkJsonContext() }, { compliance: false });
    return app.synth().stacksRecursively.map((s) => ({ name: s.hierarchicalId, resources: (s.template as { Resources: Resources }).Resources }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const useConnection = (templates: { resources: Resources }[]) =>
  templates.flatMap((t) => policyStatements(t.resources, '').filter((s) => s.actions.some((a) => a.endsWith(':UseConnection'))).map((s) => ({ actions: s.actions, resources: s.resources })));

describe.each(['codeconnections', 'codestar-connections'])('with a %s connection', (service) => {
  let templates: { name: string; resources: Resources }[];
  beforeAll(() => {
    templates = templatesOf(service);
  });

  test('the source action may use the connection under the prefix of its ARN', () => {
    expect(useConnection(templates)).toEqual([{ actions: [`${service}:UseConnection`], resources: [connectionArn(service)] }]);
  });

  test('every IAM statement on the ARNs of one service acts on that service, in every template', () => {
    expect(templates.length).toBeGreaterThanOrEqual(9);
    const checked = templates.flatMap((t) => policyStatements(t.resources, t.name).map((s) => ({ s, resources: t.resources })));
    const mismatches = checked.flatMap(({ s, resources }) => prefixMismatches(s, resources).map((m) => `${s.where}: ${m}`));
    expect(mismatches).toEqual([]);
    // the check is not vacuous: most statements name the ARNs of one service
    const single = checked.filter(({ s, resources }) => {
      const services = new Set(s.resources.map((r) => arnService(r, resources)));
      return services.size === 1 && ![undefined, '*'].includes([...services][0]);
    });
    expect(single.length).toBeGreaterThan(50);
  });
});

describe('the prefix check itself', () => {
  const resources: Resources = { Bucket: { Type: 'AWS::S3::Bucket' }, Role: { Type: 'AWS::IAM::Role' }, Topic: { Type: 'AWS::SNS::Topic' } };

  test('fails when codestar-connections:UseConnection is granted on a codeconnections ARN, and the other way round', () => {
    expect(prefixMismatches({ where: 'x', actions: ['codestar-connections:UseConnection'], resources: [connectionArn('codeconnections')] }, resources)).toEqual([
      'codestar-connections:UseConnection on codeconnections ARNs',
    ]);
    expect(prefixMismatches({ where: 'x', actions: ['codeconnections:UseConnection'], resources: [connectionArn('codestar-connections')] }, resources)).toHaveLength(1);
  });

  test('fails when an action acts on another service than its resources, however the ARN is written', () => {
    const joined = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Bucket' }, '/*']] };
    expect(prefixMismatches({ where: 'x', actions: ['s3:GetObject', 'kms:Decrypt'], resources: [joined] }, resources)).toEqual(['kms:Decrypt on s3 ARNs']);
    expect(prefixMismatches({ where: 'x', actions: ['sns:Publish', 'sqs:SendMessage'], resources: [{ Ref: 'Topic' }] }, resources)).toEqual(['sqs:SendMessage on sns ARNs']);
    expect(prefixMismatches({ where: 'x', actions: ['sts:AssumeRole', 'iam:PassRole'], resources: [{ 'Fn::GetAtt': ['Role', 'Arn'] }] }, resources)).toEqual([]);
    expect(prefixMismatches({ where: 'x', actions: ['s3:GetObject'], resources: [{ 'Fn::GetAtt': ['Role', 'Arn'] }] }, resources)).toEqual(['s3:GetObject on iam ARNs']);
  });

  test('leaves statements on wildcards and on several services alone', () => {
    expect(prefixMismatches({ where: 'x', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }, resources)).toEqual([]);
    expect(prefixMismatches({ where: 'x', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*', 'arn:aws:kms:eu-west-1:111111111111:key/k'] }, resources)).toEqual([]);
  });
});
