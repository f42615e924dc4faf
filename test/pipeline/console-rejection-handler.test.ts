import { CodePipelineClient, ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { DescribeModelPackageCommand, SageMakerClient, UpdateModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { ModelVersionsError, parseModelVersions as cliParse } from '../../cli/lib/registry/registered-version';
import type { ActionStateChangeEvent, RejectionSettings } from '../../pipeline/console-rejection/index';
import { decide, descriptionOf, handler, parseModelVersions, rejectionOf, rejectVersions, settingsFrom } from '../../pipeline/console-rejection/index';

const cp = mockClient(CodePipelineClient);
const sm = mockClient(SageMakerClient);

const EXECUTION = '3f1a2b4c-0000-4000-8000-000000000001';
const SOFTMAX = 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/tst-iris-softmax/3';
const TREES = 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/tst-iris-trees/7';
const settings: RejectionSettings = { pipelineName: 'tst-pipeline', approvals: { Prod: 'PromoteToProd' } };

/** the event CodePipeline sends when an approval action ends (a rejection, by default). */
function approvalEvent(detail: Partial<NonNullable<ActionStateChangeEvent['detail']>> = {}): ActionStateChangeEvent {
  return {
    'detail-type': 'CodePipeline Action Execution State Change',
    detail: {
      pipeline: 'tst-pipeline',
      'execution-id': EXECUTION,
      stage: 'Prod',
      action: 'PromoteToProd',
      state: 'FAILED',
      type: { category: 'Approval' },
      'execution-result': { 'external-execution-summary': 'p99 latency regressed in staging' },
      ...detail,
    },
  };
}

const clients = () => ({ codepipeline: new CodePipelineClient({ region: 'eu-west-1' }), sagemaker: new SageMakerClient({ region: 'eu-west-1' }), sleep: jest.fn(async () => undefined) });

/** the execution's action executions over two pages: Source first, then the Train step with its exported variables. */
function executionWithVersions(versions = `iris-softmax=${SOFTMAX},iris-trees=${TREES}`): void {
  cp.on(ListActionExecutionsCommand, { nextToken: undefined }).resolves({ actionExecutionDetails: [{ actionName: 'Source', output: { outputVariables: { CommitId: 'abc123' } } }], nextToken: 'page-2' });
  cp.on(ListActionExecutionsCommand, { nextToken: 'page-2' }).resolves({ actionExecutionDetails: [{ actionName: 'TrainModel', output: { outputVariables: { MODEL_VERSIONS: versions } } }] });
}

function statuses(byArn: Record<string, 'PendingManualApproval' | 'Approved' | 'Rejected'>): void {
  for (const [arn, status] of Object.entries(byArn)) sm.on(DescribeModelPackageCommand, { ModelPackageName: arn }).resolves({ ModelPackageArn: arn, ModelApprovalStatus: status });
}

beforeEach(() => {
  cp.reset();
  sm.reset();
  sm.on(UpdateModelPackageCommand).resolves({});
});

describe('which events are rejections of a production promotion', () => {
  test('a failed production approval of this pipeline is a rejection, with the approver\'s comment', () => {
    expect(rejectionOf(approvalEvent(), settings)).toEqual({ rejection: { stage: 'Prod', action: 'PromoteToProd', executionId: EXECUTION, summary: 'p99 latency regressed in staging' } });
  });

  test.each([
    ['an approval that was given', { state: 'SUCCEEDED' }, 'approval Prod/PromoteToProd is SUCCEEDED, not FAILED'],
    ['the approval of a stage that does not promote to production', { stage: 'Staging', action: 'PromoteToStaging' }, 'approval Staging/PromoteToStaging does not promote to production'],
    ['another pipeline', { pipeline: 'other-pipeline' }, 'pipeline other-pipeline is not tst-pipeline'],
    ['a failed action that is not an approval', { action: 'Deploy', type: { category: 'Deploy' } }, 'action Prod/Deploy is not an approval'],
  ])('%s is not one', (_what, detail, ignored) => {
    expect(rejectionOf(approvalEvent(detail), settings)).toEqual({ ignored });
  });

  test('an event of another kind is not one', () => {
    expect(rejectionOf({ 'detail-type': 'CodePipeline Stage Execution State Change', detail: approvalEvent().detail }, settings)).toEqual({ ignored: 'not a "CodePipeline Action Execution State Change" event' });
  });

  test('a rejection without a comment says the approval failed without one', () => {
    const { rejection } = rejectionOf(approvalEvent({ 'execution-result': {} }), settings);
    expect(rejection && descriptionOf(rejection)).toBe(`rejected at Prod / PromoteToProd in execution ${EXECUTION}: the approval failed without a comment (rejected in the CodePipeline console, or expired unanswered)`);
  });
});

describe('the skip rule (mlpipe reject\'s)', () => {
  test('a pending version is updated, a rejected one is already done, an approved one (production serves it) stays approved', () => {
    expect(decide('PendingManualApproval')).toEqual({ update: true });
    expect(decide('Rejected')).toEqual({ kept: 'already Rejected' });
    expect(decide('Approved')).toEqual({ kept: 'Approved by an earlier promotion (production serves it); a rejection does not revoke it' });
  });

  test('it reads MODEL_VERSIONS exactly as the CLI does', () => {
    const text = `iris-softmax=${SOFTMAX}, iris-trees=${TREES}`;
    expect(parseModelVersions(text)).toEqual(cliParse(text).map(({ model, arn }) => ({ model, arn })));
    expect(parseModelVersions('  ')).toEqual(cliParse('  '));
  });

  test.each(['iris-softmax', `Iris=${SOFTMAX}`, 'iris=arn:aws:sagemaker:eu-west-1:111111111111:model-package/tst-iris/0', `iris=${SOFTMAX}/extra`])('fails when a MODEL_VERSIONS entry is not model=<version ARN> (%s), as the CLI does', (text) => {
    expect(() => cliParse(text)).toThrow(ModelVersionsError);
    expect(() => parseModelVersions(text)).toThrow(/is not <model>=<model package version ARN>/);
  });
});

describe('the handler against a mocked SDK', () => {
  test('a console rejection marks exactly the execution\'s pending versions Rejected, with the approver\'s comment; the version production serves stays Approved', async () => {
    executionWithVersions();
    statuses({ [SOFTMAX]: 'PendingManualApproval', [TREES]: 'Approved' });
    const outcome = await rejectVersions(approvalEvent(), settings, clients());
    expect(cp.commandCalls(ListActionExecutionsCommand).map((c) => c.args[0].input)).toEqual([
      { pipelineName: 'tst-pipeline', filter: { pipelineExecutionId: EXECUTION }, maxResults: 100 },
      { pipelineName: 'tst-pipeline', filter: { pipelineExecutionId: EXECUTION }, maxResults: 100, nextToken: 'page-2' },
    ]);
    expect(sm.commandCalls(UpdateModelPackageCommand).map((c) => c.args[0].input)).toEqual([
      { ModelPackageArn: SOFTMAX, ModelApprovalStatus: 'Rejected', ApprovalDescription: `rejected at Prod / PromoteToProd in execution ${EXECUTION}: p99 latency regressed in staging` },
    ]);
    expect(outcome.marked).toEqual([
      { model: 'iris-softmax', arn: SOFTMAX, was: 'PendingManualApproval', now: 'Rejected' },
      { model: 'iris-trees', arn: TREES, was: 'Approved', now: 'Approved', kept: 'Approved by an earlier promotion (production serves it); a rejection does not revoke it' },
    ]);
  });

  test('a rejection mlpipe reject already recorded is left as it is (the event fires for it too)', async () => {
    executionWithVersions();
    statuses({ [SOFTMAX]: 'Rejected', [TREES]: 'Rejected' });
    const outcome = await rejectVersions(approvalEvent(), settings, clients());
    expect(sm.commandCalls(UpdateModelPackageCommand)).toEqual([]);
    expect(outcome.marked?.map((m) => m.kept)).toEqual(['already Rejected', 'already Rejected']);
  });

  test.each([
    ['an approval that was given', { state: 'SUCCEEDED' }],
    ['a rejection in a stage that does not promote to production', { stage: 'Staging', action: 'PromoteToStaging' }],
  ])('%s calls nothing and marks nothing', async (_what, detail) => {
    const outcome = await rejectVersions(approvalEvent(detail), settings, clients());
    expect(outcome.marked).toBeUndefined();
    expect(cp.calls()).toEqual([]);
    expect(sm.calls()).toEqual([]);
  });

  test('an execution whose Train step exported no versions marks nothing', async () => {
    cp.on(ListActionExecutionsCommand).resolves({ actionExecutionDetails: [{ actionName: 'Source', output: { outputVariables: {} } }] });
    const outcome = await rejectVersions(approvalEvent(), settings, clients());
    expect(outcome.marked).toEqual([]);
    expect(sm.calls()).toEqual([]);
  });

  test('an update that meets a concurrent one is read again and retried', async () => {
    executionWithVersions(`iris-softmax=${SOFTMAX}`);
    statuses({ [SOFTMAX]: 'PendingManualApproval' });
    const conflict = Object.assign(new Error('a concurrent update'), { name: 'ConflictException' });
    sm.on(UpdateModelPackageCommand).rejectsOnce(conflict).resolves({});
    const c = clients();
    const outcome = await rejectVersions(approvalEvent(), settings, c);
    expect(sm.commandCalls(DescribeModelPackageCommand)).toHaveLength(2);
    expect(sm.commandCalls(UpdateModelPackageCommand)).toHaveLength(2);
    expect(c.sleep).toHaveBeenCalledWith(500);
    expect(outcome.marked?.[0].now).toBe('Rejected');
  });

  test('fails when SageMaker denies the update, so Lambda retries the event and then dead-letters it', async () => {
    executionWithVersions(`iris-softmax=${SOFTMAX}`);
    statuses({ [SOFTMAX]: 'PendingManualApproval' });
    sm.on(UpdateModelPackageCommand).rejects(Object.assign(new Error('not authorized to perform sagemaker:UpdateModelPackage'), { name: 'AccessDeniedException' }));
    await expect(rejectVersions(approvalEvent(), settings, clients())).rejects.toThrow('sagemaker:UpdateModelPackage');
  });

  test('the entry point reads its settings from the environment the construct sets', async () => {
    executionWithVersions(`iris-softmax=${SOFTMAX}`);
    statuses({ [SOFTMAX]: 'PendingManualApproval' });
    const env = { ...process.env };
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      Object.assign(process.env, { PIPELINE_NAME: 'tst-pipeline', APPROVALS: '{"Prod":"PromoteToProd"}', AWS_REGION: 'eu-west-1' });
      const outcome = await handler(approvalEvent());
      expect(outcome.marked?.map((m) => m.now)).toEqual(['Rejected']);
      expect(JSON.parse(String(log.mock.calls[0][0]))).toEqual(outcome);
    } finally {
      process.env = env;
      log.mockRestore();
    }
  });

  test('fails when the function is not configured, naming what is missing', () => {
    expect(() => settingsFrom({ APPROVALS: '{}' })).toThrow('PIPELINE_NAME is not set');
    expect(() => settingsFrom({ PIPELINE_NAME: 'tst-pipeline', APPROVALS: 'Prod' })).toThrow('APPROVALS "Prod" is not JSON of stage -> approval action');
    expect(settingsFrom({ PIPELINE_NAME: 'tst-pipeline', APPROVALS: '{"Prod":"PromoteToProd"}' })).toEqual(settings);
  });
});
