import { CodePipelineClient, GetPipelineExecutionCommand, GetPipelineStateCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { createApproveCommand } from '../../../cli/commands/approve';
import { createRejectCommand } from '../../../cli/commands/reject';
import { createStatusCommand } from '../../../cli/commands/status';
import { ExitCode } from '../../../cli/exit-codes';
import { createCodePipelineClient } from '../../../cli/lib/aws/codepipeline-client';
import { awsJsonErrorAnswer, LoopbackAws } from '../../helpers/aws-answers';
import { EXECUTION_ID, NOW, OLD_EXECUTION_ID, PIPELINE, runCommand, waitingExecution, waitingState } from '../release/fixtures';
import { FakeRegistry } from './fake-registry';

const cp = mockClient(CodePipelineClient);
const loopback = new LoopbackAws();
let endpoint = '';
let registry: FakeRegistry;
const registryClient = (region: string) => new SageMakerClient({ region, endpoint, maxAttempts: 1, credentials: { accessKeyId: 'AKIDLOOPBACKTEST0000', secretAccessKey: 'loopback-secret-not-real' } });
const releaseDeps = { now: () => NOW, createClient: createCodePipelineClient };
const status = createStatusCommand(releaseDeps, registryClient);
const approve = createApproveCommand(releaseDeps, registryClient);
const reject = createRejectCommand(releaseDeps, registryClient);
let versions: ReturnType<typeof version>[] = [];
const ARGS = ['--pipeline', PIPELINE, '--region', 'eu-west-1'];

/** a version as the Train step registers it: gate, metrics, job and commit in its metadata. */
function version(group: string, accuracy: number, job: string, status = 'PendingManualApproval') {
  return registry.seed(
    group,
    {
      ModelPackageDescription: 'x',
      MetadataProperties: { CommitId: `commit-of-${job}` },
      CustomerMetadataProperties: { 'mlpipe:gate': 'validation:accuracy maximize 0.9', 'mlpipe:training-job': job, 'metric:validation:accuracy': String(accuracy), 'metric:train:loss': '0.2' },
    },
    status,
  );
}

beforeAll(async () => {
  endpoint = await loopback.start();
});
afterAll(() => loopback.stop());

beforeEach(() => {
  registry = new FakeRegistry(['mlops-iris-softmax', 'mlops-iris-softmax-l2']);
  loopback.reset();
  loopback.answer = (request) => registry.answer(request);
  const softmaxProd = version('mlops-iris-softmax', 0.95, 'mlops-old-a', 'Approved');
  const l2Prod = version('mlops-iris-softmax-l2', 0.96, 'mlops-old-b', 'Approved');
  const softmaxNew = version('mlops-iris-softmax', 0.97, 'mlops-new-a');
  const l2New = version('mlops-iris-softmax-l2', 0.93, 'mlops-new-b');
  versions = [softmaxProd, l2Prod, softmaxNew, l2New];
  const variables = (a: { arn: string }, b: { arn: string }) => ({ MODEL_VERSIONS: `iris-softmax=${a.arn},iris-softmax-l2=${b.arn}` });
  cp.reset();
  cp.on(GetPipelineStateCommand).resolves(waitingState());
  cp.on(GetPipelineExecutionCommand).resolves({ pipelineExecution: waitingExecution() });
  cp.on(PutApprovalResultCommand).resolves({ approvedAt: NOW });
  cp.on(ListPipelineExecutionsCommand, { filter: { succeededInStage: { stageName: 'Staging' } } }).resolves({ pipelineExecutionSummaries: [{ pipelineExecutionId: EXECUTION_ID }] });
  cp.on(ListPipelineExecutionsCommand, { filter: { succeededInStage: { stageName: 'Prod' } } }).resolves({ pipelineExecutionSummaries: [{ pipelineExecutionId: OLD_EXECUTION_ID }] });
  const details = (id: string, vars: Record<string, string>) => ({
    actionExecutionDetails: [
      { pipelineExecutionId: id, stageName: 'Build', actionName: 'Synth', output: { outputVariables: {} } },
      { pipelineExecutionId: id, stageName: 'Train', actionName: 'TrainModel', output: { outputVariables: vars } },
    ],
  });
  cp.on(ListActionExecutionsCommand, { filter: { pipelineExecutionId: EXECUTION_ID } }).resolves(details(EXECUTION_ID, variables(softmaxNew, l2New)));
  cp.on(ListActionExecutionsCommand, { filter: { pipelineExecutionId: OLD_EXECUTION_ID } }).resolves(details(OLD_EXECUTION_ID, variables(softmaxProd, l2Prod)));
});

describe('mlpipe status with the model registry (loopback SageMaker)', () => {
  test('shows per stage the versions served, and the pending promotion\'s versions and metrics next to production\'s', async () => {
    const result = await runCommand(status, ARGS);
    expect(result).toMatchObject({ code: ExitCode.OK, stderr: '' });
    const text = result.stdout.slice(result.stdout.indexOf('model versions served:'));
    expect(text).toBe(
      [
        'model versions served:',
        '  STAGE    MODEL VERSION       REGISTRY STATUS        METRICS',
        '  Staging  iris-softmax v2     PendingManualApproval  validation:accuracy=0.97 train:loss=0.2',
        '  Staging  iris-softmax-l2 v2  PendingManualApproval  validation:accuracy=0.93 train:loss=0.2',
        '  Prod     iris-softmax v1     Approved               validation:accuracy=0.95 train:loss=0.2',
        '  Prod     iris-softmax-l2 v1  Approved               validation:accuracy=0.96 train:loss=0.2',
        '',
        `  Prod / PromoteToProd would deploy (execution ${EXECUTION_ID}):`,
        '    MODEL            GATE METRIC          CANDIDATE  PROD     VERDICT',
        '    iris-softmax     validation:accuracy  v2 0.97    v1 0.95  better',
        '    iris-softmax-l2  validation:accuracy  v2 0.93    v1 0.96  worse',
        '',
      ].join('\n'),
    );
  });

  test('--json includes the versions of every stage and of each promotion with its verdicts', async () => {
    const doc = JSON.parse((await runCommand(status, [...ARGS, '--json'])).stdout);
    expect(doc.models.stages.map((s: { stage: string; versions: { version: number }[] }) => [s.stage, s.versions.map((v) => v.version)])).toEqual([
      ['Staging', [2, 2]],
      ['Prod', [1, 1]],
    ]);
    expect(doc.models.promotions[0]).toMatchObject({ stageName: 'Prod', pipelineExecutionId: EXECUTION_ID });
    expect(doc.models.promotions[0].models.map((m: { model: string; verdict: string }) => [m.model, m.verdict])).toEqual([
      ['iris-softmax', 'better'],
      ['iris-softmax-l2', 'worse'],
    ]);
    expect(doc.models.promotions[0].models[0].candidate).toMatchObject({ trainingJob: 'mlops-new-a', commit: 'commit-of-mlops-new-a', metrics: { 'validation:accuracy': 0.97 } });
  });

  test('describes each version once: the promotion carries the versions Staging serves', async () => {
    await runCommand(status, ARGS);
    const arns = loopback.requests.filter((r) => r.target === 'SageMaker.DescribeModelPackage').map((r) => JSON.parse(r.body).ModelPackageName as string);
    expect(arns).toHaveLength(new Set(arns).size);
    expect(arns).toHaveLength(4);
  });

  test('fails when the registry refuses the role: the pipeline\'s state is still shown, with why the versions are not', async () => {
    loopback.answer = () => awsJsonErrorAnswer('AccessDeniedException', 'User is not authorized to perform: sagemaker:DescribeModelPackage');
    const result = await runCommand(status, ARGS);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('Prod     InProgress');
    expect(result.stdout).toMatch(/model versions: could not be read: .*sagemaker:DescribeModelPackage/);
  });
});

describe('mlpipe approve and reject with the model registry (loopback SageMaker)', () => {
  test('approve prints the versions it promotes, next to production\'s, before the approval', async () => {
    const result = await runCommand(approve, ['Prod', ...ARGS]);
    expect(result.code).toBe(ExitCode.OK);
    const table = result.stdout.indexOf('    iris-softmax     validation:accuracy  v2 0.97    v1 0.95  better');
    expect(table).toBeGreaterThanOrEqual(0);
    expect(table).toBeLessThan(result.stdout.indexOf('approved Prod / PromoteToProd'));
    // approval itself marks nothing: the step after the production deployment does
    expect(versions.map((v) => v.status)).toEqual(['Approved', 'Approved', 'PendingManualApproval', 'PendingManualApproval']);
  });

  test('reject marks the rejected promotion\'s versions Rejected and leaves production\'s Approved', async () => {
    const result = await runCommand(reject, ['Prod', '--reason', 'l2 accuracy regressed', ...ARGS]);
    expect(result.code).toBe(ExitCode.OK);
    expect(versions.map((v) => v.status)).toEqual(['Approved', 'Approved', 'Rejected', 'Rejected']);
    expect(versions[3].approvalDescription).toBe(`rejected at Prod / PromoteToProd in execution ${EXECUTION_ID}: l2 accuracy regressed`);
    expect(result.stdout).toContain('model registry:\n  iris-softmax v2: PendingManualApproval -> Rejected\n  iris-softmax-l2 v2: PendingManualApproval -> Rejected\n');
  });

  test('fails to mark when the registry refuses the update: the rejection stands and the output says how to finish', async () => {
    registry.fail('UpdateModelPackage', awsJsonErrorAnswer('AccessDeniedException', 'User is not authorized to perform: sagemaker:UpdateModelPackage'), 2);
    const result = await runCommand(reject, ['Prod', '--reason', 'no', ...ARGS]);
    expect(result.code).toBe(ExitCode.OK);
    expect(cp.commandCalls(PutApprovalResultCommand)).toHaveLength(1);
    expect(result.stdout).toMatch(/the versions could not be marked Rejected: .*sagemaker:UpdateModelPackage.*mlpipe registry reject --versions/);
  });
});
