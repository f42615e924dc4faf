import { formatProblem } from '../../config';
import { resolveConfig } from '../../config/resolve-config';
import { baseDocument } from '../helpers/test-config';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const github = { kind: 'github', repository: 'my-org/repo', branch: 'main', connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f0e0d0c-0b0a-0908-0706-050403020100' };

/** [what is wrong, how to break the base document, the problem's path, words of the fix]. */
const CASES: [string, (d: Doc) => void, string, string][] = [
  ['project is missing', (d) => delete d.project, 'project', 'is missing; add it'],
  ['the prefix has capitals', (d) => (d.project.prefix = 'MLOps'), 'project.prefix', '3-20 lowercase letters'],
  ['the prefix is too long', (d) => (d.project.prefix = 'a-very-long-project-prefix'), 'project.prefix', '3-20 lowercase letters'],
  ['an account id is a number', (d) => (d.tooling.account = 123456789012), 'tooling.account', 'written as a quoted string'],
  ['an account id has 11 digits', (d) => (d.tooling.account = '12345678901'), 'tooling.account', 'exactly 12 digits'],
  ['a region is misspelt', (d) => (d.tooling.region = 'eu-westt-1'), 'tooling.region', 'use one such as "eu-west-1"'],
  ['a region is upper case', (d) => (d.tooling.region = 'EU-WEST-1'), 'tooling.region', 'use one such as "eu-west-1"'],
  ['there is an unknown top-level key', (d) => (d.notes = 'x'), 'notes', 'is not a known key; fix the spelling or remove it (allowed here: project, tooling'],
  ['a stage key is misspelt', (d) => (d.stages[0].regoins = ['eu-west-1']), 'stages[0].regoins', 'did you mean "regions"?'],
  ['the source kind is unknown', (d) => (d.source = { kind: 'gitlab' }), 'source.kind', 'must be one of "codecommit", "github" or "s3"'],
  ['a GitHub source has no connection ARN', (d) => (d.source = { ...github, connectionArn: undefined }), 'source.connectionArn', 'paste its ARN here'],
  ['a connection ARN is malformed', (d) => (d.source = { ...github, connectionArn: 'arn:aws:iam::1:role/x' }), 'source.connectionArn', 'must be a CodeConnections ARN'],
  ['a GitHub repository is not owner/repo', (d) => (d.source = { ...github, repository: 'repo' }), 'source.repository', 'must be "owner/repo"'],
  ['a GitHub source has too many include filters', (d) => (d.source = { ...github, filePaths: { include: Array(9).fill('a/**') } }), 'source.filePaths.include', 'at most 8 include patterns'],
  ['an S3 source key is not a zip', (d) => (d.source = { kind: 's3', bucket: 'my-bucket', objectKey: 'src.tar' }), 'source.objectKey', '.zip object'],
  ['an S3 source bucket has capitals', (d) => (d.source = { kind: 's3', bucket: 'My_Bucket', objectKey: 'a.zip' }), 'source.bucket', 'lowercase letters'],
  ['a CodeCommit repository name has spaces', (d) => (d.source.repository = 'my repo'), 'source.repository', 'CodeCommit repository name'],
  ['a branch name has a space', (d) => (d.source.branch = 'my branch'), 'source.branch', 'not a valid git branch name'],
  ['the stage list is empty', (d) => (d.stages = []), 'stages', 'at least one stage'],
  ['stages is a mapping', (d) => (d.stages = { name: 'Staging' }), 'stages', 'must be a list'],
  ['two stages share a name', (d) => d.stages.push({ ...d.stages[0] }), 'stages[1].name', 'give every stage a different name'],
  ['a stage name is lower case', (d) => (d.stages[0].name = 'staging'), 'stages[0].name', 'start with a capital letter'],
  ['a stage has no region', (d) => (d.stages[0].regions = []), 'stages[0].regions', 'at least one region'],
  ['a stage lists a region twice', (d) => (d.stages[0].regions = ['eu-west-1', 'eu-west-1']), 'stages[0].regions', 'list each region once'],
  ['a stage account is short', (d) => (d.stages[0].account = '0000'), 'stages[0].account', 'exactly 12 digits'],
  ['approval is a string', (d) => (d.stages[0].approval = 'yes'), 'stages[0].approval', 'is a string but must be true or false; write true without quotes (YAML 1.2 reads yes as the text "yes", not as true)'],
  ['an environment is unknown', (d) => (d.stages[0].environment = 'prod'), 'stages[0].environment', '"development", "staging" or "production"'],
  ['an e-mail address is malformed', (d) => (d.stages[0].notify = { emails: ['not-an-email'] }), 'stages[0].notify.emails[0]', 'must be an e-mail address'],
  ['a topic ARN is malformed', (d) => (d.pipeline = { notify: { topicArn: 'arn:aws:sqs:eu-west-1:111111111111:q' } }), 'pipeline.notify.topicArn', 'must be an SNS topic ARN'],
  ['a default network has one AZ', (d) => (d.defaults = { network: { maxAzs: 1 } }), 'defaults.network.maxAzs (inherited by stage "Staging")', 'two or more Availability Zones'],
  ['a stage network CIDR is too large', (d) => (d.stages[0].network = { cidr: '10.0.0.0/8' }), 'stages[0].network.cidr', 'from /16 to /24'],
  ['a CIDR octet is above 255', (d) => (d.stages[0].network = { cidr: '10.300.0.0/16' }), 'stages[0].network.cidr', 'octet above 255'],
  ['a log retention is not a CloudWatch value', (d) => (d.stages[0].network = { flowLogRetentionDays: 100 }), 'stages[0].network.flowLogRetentionDays', 'retention periods CloudWatch Logs accepts'],
  ['a number is quoted', (d) => (d.stages[0].network = { maxAzs: '2' }), 'stages[0].network.maxAzs', 'without quotes'],
  // checked against AWS's own lists: the SageMaker SDK's instance type enums and aws-cdk-lib's region facts
  ['a real-time instance type is misspelt', (d) => (d.stages[0].endpoint = { instance: { instanceType: 'ml.c5.larg' } }), 'stages[0].endpoint.instance.instanceType', 'is not a SageMaker real-time endpoint instance type (did you mean "ml.c5.large"?)'],
  ['a real-time instance type lacks "ml."', (d) => (d.stages[0].endpoint = { instance: { instanceType: 'm5.large' } }), 'stages[0].endpoint.instance.instanceType', '(did you mean "ml.m5.large"?)'],
  ['a real-time instance type is one only training offers', (d) => (d.stages[0].endpoint = { instance: { instanceType: 'ml.c5n.xlarge' } }), 'stages[0].endpoint.instance.instanceType', 'is a training instance type, but not a SageMaker real-time endpoint instance type'],
  ['a default instance type is misspelt', (d) => (d.defaults = { endpoint: { instance: { instanceType: 'ml.m5.larg' } } }), 'defaults.endpoint.instance.instanceType (inherited by stage "Staging")', '(did you mean "ml.m5.large"?)'],
  ['a multi-model instance type is misspelt', (d) => (d.stages[0].endpoint = { kind: 'multiModel', instance: { instanceType: 'ml.m5.xlarg' } }), 'stages[0].endpoint.instance.instanceType', 'is not a CPU instance type SageMaker offers for endpoints (did you mean "ml.m5.xlarge"?)'],
  ['a training instance type is misspelt', (d) => (d.training = { instanceType: 'ml.m5.larg' }), 'training.instanceType', 'is not a SageMaker training instance type (did you mean "ml.m5.large"?)'],
  ['a training instance type is one only endpoints offer', (d) => (d.training = { instanceType: 'ml.inf1.xlarge' }), 'training.instanceType', 'is an endpoint instance type, but not a SageMaker training instance type'],
  ['a stage region is unknown', (d) => (d.stages[0].regions = ['eu-west-9']), 'stages[0].regions[0]', 'is not an AWS region name (did you mean "eu-west-1"?)'],
  ['the tooling region is not near any region', (d) => (d.tooling.region = 'mars-1'), 'tooling.region', 'is not an AWS region name; use one such as "eu-west-1"'],
  ['an accuracy threshold is a percentage', (d) => (d.training = { metric: { name: 'validation:accuracy', threshold: 90 } }), 'training.metric.threshold', 'is outside 0..1, the range of accuracy (validation:accuracy): write a percentage as a fraction (did you mean 0.9?)'],
  ['an f1 threshold is negative', (d) => (d.training = { metric: { name: 'validation:f1', threshold: -0.1 } }), 'training.metric.threshold', 'is outside 0..1, the range of f1 (validation:f1); set a threshold from 0 to 1'],
  ['an auc threshold is above 1', (d) => (d.training = { metric: { name: 'validation_auc', threshold: 1.5 } }), 'training.metric.threshold', 'the range of auc'],
  ['a precision threshold is a percentage', (d) => (d.training = { metric: { name: 'test:precision', threshold: 75 } }), 'training.metric.threshold', '(did you mean 0.75?)'],
  ['a recall threshold is a percentage', (d) => (d.training = { metric: { name: 'validation:recall', threshold: 80 } }), 'training.metric.threshold', '(did you mean 0.8?)'],
];

describe('bad configs', () => {
  test.each(CASES)('fails when %s', (_what, breakIt, path, fix) => {
    const doc = baseDocument() as Doc;
    breakIt(doc);
    const result = resolveConfig(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((p) => p.path === path);
    if (!problem) throw new Error(`no problem at ${path}; got: ${result.problems.map(formatProblem).join(' | ')}`);
    expect(problem.message).toContain(fix);
    // a sentence: `path: value message`, or `path message` when no value is shown (missing, unknown key)
    expect(formatProblem(problem).startsWith(problem.value === undefined ? `${path} ` : `${path}: `)).toBe(true);
  });

  test('reports several problems at once', () => {
    const doc = baseDocument() as Doc;
    doc.tooling.account = '1';
    doc.tooling.region = 'mars-1';
    doc.stages[0].environment = 'prod';
    const result = resolveConfig(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['tooling.account', 'tooling.region', 'stages[0].environment']));
  });

  test('reports a stage section\'s problems together with the file\'s, in one run', () => {
    const doc = baseDocument() as Doc;
    doc.tooling.account = 12;
    doc.stages[0].endpoint = { kind: 'serverless', serverless: { memorySizeMb: 1500 } };
    const result = resolveConfig(doc);
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map(formatProblem)).toEqual([
      'tooling.account: 12 must be a 12-digit AWS account id written as a quoted string, e.g. "123456789012"',
      'stages[0].endpoint.serverless.memorySizeMb: 1500 is not one of 1024, 2048, 3072, 4096, 5120, 6144; serverless memory comes in 1024 MB steps from 1024 to 6144',
    ]);
  });

  test('shows the bad value in the formatted message', () => {
    const doc = baseDocument() as Doc;
    doc.tooling.region = 'eu-westt-1';
    const result = resolveConfig(doc);
    if (result.ok) throw new Error('expected a problem');
    expect(formatProblem(result.problems[0])).toBe('tooling.region: "eu-westt-1" is not an AWS region name (did you mean "eu-west-1"?); use one such as "eu-west-1", "us-east-1" or "ap-southeast-2"');
  });
});
