import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { markVersions } from '../../../cli/lib/registry/mark-versions';
import { registrationToken } from '../../../cli/lib/registry/model-package-request';
import { registerVersion } from '../../../cli/lib/registry/register-version';
import type { RegistrationPlan } from '../../../cli/lib/registry/register-version';
import { catalogueEntries } from '../../../config/model-definition';
import { awsJsonErrorAnswer, LoopbackAws } from '../../helpers/aws-answers';
import { testConfig } from '../../helpers/test-config';
import { FakeRegistry } from './fake-registry';

const IMAGE_HASH = 'b'.repeat(64);
const SERVING = `111111111111.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111111111111-eu-west-1:${'c'.repeat(64)}`;
const COMMIT = '4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f';
const config = testConfig({ models: { 'iris-softmax': {}, 'iris-softmax-l2': { hyperparameters: { l2: '0.01' } } } });
const entries = catalogueEntries(config, IMAGE_HASH);

const loopback = new LoopbackAws();
let registry: FakeRegistry;
let sagemaker: SageMakerClient;
const lines: string[] = [];
const sleeps: number[] = [];
const deps = () => ({ sagemaker, retry: { sleep: async (ms: number) => void sleeps.push(ms), baseDelayMs: 1 }, log: (line: string) => lines.push(line) });

function plan(index = 0, job = 'tst-20261202-0100-abcd'): RegistrationPlan {
  const entry = entries[index];
  return {
    model: config.models[index],
    entry,
    group: `tst-${entry.name}`,
    trainingJob: job,
    commit: COMMIT,
    modelDataUrl: `s3://tst-models-111111111111-eu-west-1/${entry.key}`,
    inferenceImage: SERVING,
    projectPrefix: 'tst',
  };
}
const calls = (operation: string) => loopback.requests.filter((r) => r.target === `SageMaker.${operation}`);

beforeAll(async () => {
  const endpoint = await loopback.start();
  // one SDK attempt, so the registry's own retries are what is tested
  sagemaker = new SageMakerClient({ region: 'eu-west-1', endpoint, maxAttempts: 1, credentials: { accessKeyId: 'AKIDLOOPBACKTEST0000', secretAccessKey: 'loopback-secret-not-real' } });
});
afterAll(() => loopback.stop());
beforeEach(() => {
  registry = new FakeRegistry(['tst-iris-softmax', 'tst-iris-softmax-l2']);
  registry.jobMetrics.set('tst-20261202-0100-abcd', [
    { MetricName: 'train:loss', Value: 0.21 },
    { MetricName: 'validation:accuracy', Value: 0.9667 },
  ]);
  loopback.reset();
  loopback.answer = (request) => registry.answer(request);
  lines.length = 0;
  sleeps.length = 0;
});

describe('registering a trained model (loopback SageMaker)', () => {
  test('a trained model is registered with the exact fields, pending manual approval', async () => {
    const version = await registerVersion(plan(1), deps());
    expect(version).toEqual({ model: 'iris-softmax-l2', group: 'tst-iris-softmax-l2', version: 1, arn: 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/tst-iris-softmax-l2/1', status: 'PendingManualApproval', registered: 'now' });
    const [create] = calls('CreateModelPackage');
    const entry = entries[1];
    expect(JSON.parse(create.body)).toEqual({
      ModelPackageGroupName: 'tst-iris-softmax-l2',
      ModelPackageDescription: `model iris-softmax-l2, identity ${entry.identity} (${entry.key}), trained by job tst-20261202-0100-abcd`,
      ModelApprovalStatus: 'PendingManualApproval',
      InferenceSpecification: {
        Containers: [{ Image: SERVING, ModelDataUrl: `s3://tst-models-111111111111-eu-west-1/${entry.key}` }],
        SupportedContentTypes: ['text/csv', 'application/json'],
        SupportedResponseMIMETypes: ['text/csv', 'application/json'],
      },
      MetadataProperties: { CommitId: COMMIT, GeneratedBy: 'arn:aws:sagemaker:eu-west-1:111111111111:training-job/tst-20261202-0100-abcd', ProjectId: 'tst' },
      CustomerMetadataProperties: {
        'mlpipe:model': 'iris-softmax-l2',
        'mlpipe:identity': entry.identity,
        'mlpipe:model-key': entry.key,
        'mlpipe:training-job': 'tst-20261202-0100-abcd',
        'mlpipe:commit': COMMIT,
        'mlpipe:gate': 'validation:accuracy maximize 0.9',
        'data:train': 'iris-v1',
        'data:validation': 'iris-v1',
        'metric:validation:accuracy': '0.9667',
        'metric:train:loss': '0.21',
      },
      ClientToken: registrationToken('tst-iris-softmax-l2', entry.identity),
      Tags: [
        { Key: 'mlpipe:project', Value: 'tst' },
        { Key: 'mlpipe:model-identity', Value: entry.identity },
      ],
    });
    expect(lines).toEqual(['registered model iris-softmax-l2 as version 1 of tst-iris-softmax-l2 (PendingManualApproval)']);
  });

  test('a skipped model reuses the version registered for its content address and registers nothing', async () => {
    await registerVersion(plan(0), deps());
    registry.seed('tst-iris-softmax', { ModelPackageDescription: 'model iris-softmax, identity 0000 (other), trained by job old', CustomerMetadataProperties: { 'mlpipe:identity': '0000' } });
    loopback.reset();
    const again = await registerVersion(plan(0, 'tst-job-of-a-skipped-run'), deps());
    expect(again).toMatchObject({ version: 1, registered: 'before' });
    expect(calls('CreateModelPackage')).toHaveLength(0);
    expect(registry.versions.filter((v) => v.group === 'tst-iris-softmax')).toHaveLength(2);
  });

  test('the lookup reads every page of a group with many versions', async () => {
    registry.pageSize = 2;
    for (let i = 0; i < 5; i++) registry.seed('tst-iris-softmax', { ModelPackageDescription: `model iris-softmax, identity old${i}`, CustomerMetadataProperties: { 'mlpipe:identity': `old${i}` } });
    const first = await registerVersion(plan(0), deps());
    expect(first.version).toBe(6);
    loopback.reset();
    expect((await registerVersion(plan(0), deps())).version).toBe(6);
    expect(calls('ListModelPackages').length).toBeGreaterThanOrEqual(3);
    expect(calls('CreateModelPackage')).toHaveLength(0);
  });

  test('two runs that race register one version (the idempotency token is the content address\'s)', async () => {
    const [a, b] = await Promise.all([registerVersion(plan(0), deps()), registerVersion(plan(0), deps())]);
    expect(a.arn).toBe(b.arn);
    expect(registry.versions.filter((v) => v.group === 'tst-iris-softmax')).toHaveLength(1);
  });

  test('a ConflictException (a concurrent registration) is answered by looking again and using the version found', async () => {
    registry.fail('CreateModelPackage', awsJsonErrorAnswer('ConflictException', 'There is already a model package creation in progress for the group'));
    // the other run's version appears while this one waits
    const original = registry.answer.bind(registry);
    let listed = 0;
    loopback.answer = (request) => {
      if (request.target === 'SageMaker.ListModelPackages' && ++listed === 2) registry.seed('tst-iris-softmax', { ModelPackageDescription: `identity ${entries[0].identity}`, CustomerMetadataProperties: { 'mlpipe:identity': entries[0].identity } });
      return original(request);
    };
    const version = await registerVersion(plan(0), deps());
    expect(version).toMatchObject({ version: 1, registered: 'before' });
    expect(registry.versions).toHaveLength(1);
    expect(lines.at(-1)).toBe('model iris-softmax was registered meanwhile as version 1 of tst-iris-softmax; using it');
  });

  test('throttled calls are retried with backoff', async () => {
    registry.fail('ListModelPackages', awsJsonErrorAnswer('ThrottlingException', 'Rate exceeded'), 2);
    registry.fail('CreateModelPackage', awsJsonErrorAnswer('ThrottlingException', 'Rate exceeded'));
    const version = await registerVersion(plan(0), deps());
    expect(version.registered).toBe('now');
    expect(sleeps).toHaveLength(3);
  });

  test('fails when the group does not exist (SageMaker\'s ValidationException, with its message)', async () => {
    registry.groups.delete('tst-iris-softmax');
    await expect(registerVersion(plan(0), deps())).rejects.toMatchObject({ name: 'ValidationException', message: 'Model Package Group tst-iris-softmax does not exist.' });
  });

  test('fails when the training job cannot be described (its metrics are what the version records)', async () => {
    await expect(registerVersion(plan(0, 'tst-missing-job'), deps())).rejects.toMatchObject({ name: 'ValidationException' });
    expect(calls('CreateModelPackage')).toHaveLength(0);
  });
});

describe('approval and rejection update the right versions (loopback SageMaker)', () => {
  const seed = (group: string, status?: string) => registry.seed(group, { ModelPackageDescription: 'x', CustomerMetadataProperties: {} }, status);

  test('approval marks exactly the given versions Approved, with the approval\'s description', async () => {
    const old = seed('tst-iris-softmax', 'Approved');
    const promoted = seed('tst-iris-softmax');
    const other = seed('tst-iris-softmax');
    const l2 = seed('tst-iris-softmax-l2');
    const marked = await markVersions(sagemaker, [promoted.arn, l2.arn], 'Approved', 'approved in pipeline execution e-1', deps().retry);
    expect(marked.map((m) => [m.version, m.was, m.now])).toEqual([
      [2, 'PendingManualApproval', 'Approved'],
      [1, 'PendingManualApproval', 'Approved'],
    ]);
    expect([old.status, promoted.status, other.status, l2.status]).toEqual(['Approved', 'Approved', 'PendingManualApproval', 'Approved']);
    expect(promoted.approvalDescription).toBe('approved in pipeline execution e-1');
  });

  test('rejection marks pending versions Rejected and leaves a version production already serves Approved', async () => {
    const served = seed('tst-iris-softmax', 'Approved');
    const pending = seed('tst-iris-softmax-l2');
    const marked = await markVersions(sagemaker, [served.arn, pending.arn], 'Rejected', 'rejected', deps().retry);
    expect([served.status, pending.status]).toEqual(['Approved', 'Rejected']);
    expect(marked[0].kept).toMatch(/^Approved by an earlier promotion/);
    expect(calls('UpdateModelPackage')).toHaveLength(1);
  });

  test('a concurrent update (ConflictException) is retried after reading the version again', async () => {
    const pending = seed('tst-iris-softmax');
    registry.fail('UpdateModelPackage', awsJsonErrorAnswer('ConflictException', 'The model package is being updated by another request'));
    await markVersions(sagemaker, [pending.arn], 'Approved', 'ok', deps().retry);
    expect(pending.status).toBe('Approved');
    expect(calls('DescribeModelPackage')).toHaveLength(2);
  });

  test('fails when a version does not exist', async () => {
    await expect(markVersions(sagemaker, ['arn:aws:sagemaker:eu-west-1:111111111111:model-package/tst-iris-softmax/9'], 'Approved', 'ok', deps().retry)).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
