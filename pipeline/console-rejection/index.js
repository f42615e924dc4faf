// Marks the model versions of a rejected production promotion Rejected in the SageMaker Model
// Registry, whoever rejected it: EventBridge invokes this function on CodePipeline's "Action
// Execution State Change" event of a production approval action that FAILED (CodePipeline reports
// a rejection, and an approval that expired unanswered, as FAILED). `mlpipe reject` marks the
// versions itself; this function covers a rejection made in the CodePipeline console.
// The skip rule is `mlpipe reject`'s (cli/lib/registry/mark-versions.ts): a version already
// Rejected is left alone, and an Approved one stays Approved (production serves it, promoted by an
// earlier approval). Plain JavaScript, inlined into the template (no bundling): the Node.js runtime
// of Lambda ships the AWS SDK for JavaScript v3.
/* global console, setTimeout */
'use strict';

const cp = require('@aws-sdk/client-codepipeline');
const sm = require('@aws-sdk/client-sagemaker');

const DETAIL_TYPE = 'CodePipeline Action Execution State Change';
const MODEL_VERSIONS_VARIABLE = 'MODEL_VERSIONS';
// the same entry as cli/lib/registry/registered-version.ts parses (a test keeps the two in step)
const ENTRY = /^([a-z][a-z0-9-]*)=(arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:[0-9]{12}:model-package\/([a-z0-9-]+)\/([1-9][0-9]*))$/;
const CONFLICT_ATTEMPTS = 5;
const MAX_DESCRIPTION = 1024;

/** the function's settings from its environment: PIPELINE_NAME and APPROVALS (JSON, stage -> approval action). */
function settingsFrom(env) {
  const pipelineName = env.PIPELINE_NAME;
  if (!pipelineName) throw new Error('PIPELINE_NAME is not set: the function is configured by the ConsoleRejections construct, redeploy the pipeline stack');
  let approvals;
  try {
    approvals = JSON.parse(env.APPROVALS || '');
  } catch {
    throw new Error(`APPROVALS "${env.APPROVALS}" is not JSON of stage -> approval action, e.g. {"Prod":"PromoteToProd"}; redeploy the pipeline stack`);
  }
  return { pipelineName, approvals };
}

/**
 * the rejection an event reports, or why the event is none: it must be this pipeline's action
 * event, of an approval action that promotes to production, in state FAILED.
 */
function rejectionOf(event, settings) {
  const detail = (event && event.detail) || {};
  if (!event || event['detail-type'] !== DETAIL_TYPE) return { ignored: `not a "${DETAIL_TYPE}" event` };
  if (detail.pipeline !== settings.pipelineName) return { ignored: `pipeline ${detail.pipeline} is not ${settings.pipelineName}` };
  if (!detail.type || detail.type.category !== 'Approval') return { ignored: `action ${detail.stage}/${detail.action} is not an approval` };
  if (settings.approvals[detail.stage] !== detail.action) return { ignored: `approval ${detail.stage}/${detail.action} does not promote to production` };
  if (detail.state !== 'FAILED') return { ignored: `approval ${detail.stage}/${detail.action} is ${detail.state}, not FAILED` };
  if (!detail['execution-id']) return { ignored: 'the event names no pipeline execution' };
  const result = detail['execution-result'] || {};
  const summary = typeof result['external-execution-summary'] === 'string' ? result['external-execution-summary'].trim() : '';
  return { rejection: { stage: detail.stage, action: detail.action, executionId: detail['execution-id'], summary } };
}

/** the ApprovalDescription of the versions: the same text as `mlpipe reject` records when there is a reason. */
function descriptionOf(rejection) {
  const why = rejection.summary || 'the approval failed without a comment (rejected in the CodePipeline console, or expired unanswered)';
  return `rejected at ${rejection.stage} / ${rejection.action} in execution ${rejection.executionId}: ${why}`.slice(0, MAX_DESCRIPTION);
}

/** `model=<version ARN>,...` as [{ model, arn }]; throws on an entry that is not one. */
function parseModelVersions(text) {
  const trimmed = String(text).trim();
  if (trimmed === '') return [];
  return trimmed.split(',').map((part) => {
    const match = ENTRY.exec(part.trim());
    if (!match) throw new Error(`${MODEL_VERSIONS_VARIABLE} entry "${part}" is not <model>=<model package version ARN>; mark the versions with \`mlpipe registry reject --versions ...\``);
    return { model: match[1], arn: match[2] };
  });
}

/** the versions the execution carries: the first action execution that exported MODEL_VERSIONS (the Train step), or none. */
function versionsIn(actionExecutionDetails) {
  for (const detail of actionExecutionDetails || []) {
    const value = detail && detail.output && detail.output.outputVariables && detail.output.outputVariables[MODEL_VERSIONS_VARIABLE];
    if (value !== undefined) return parseModelVersions(value);
  }
  return undefined;
}

/** what a rejection does to a version in a status: 'update', or why it is kept. */
function decide(status) {
  if (status === 'Rejected') return { kept: 'already Rejected' };
  if (status === 'Approved') return { kept: 'Approved by an earlier promotion (production serves it); a rejection does not revoke it' };
  return { update: true };
}

/** every action execution of a pipeline execution, page by page, until one exported MODEL_VERSIONS. */
async function executionVersions(clients, pipelineName, executionId) {
  let nextToken;
  do {
    const page = await clients.codepipeline.send(new cp.ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId: executionId }, maxResults: 100, ...(nextToken ? { nextToken } : {}) }));
    const found = versionsIn(page.actionExecutionDetails);
    if (found) return found;
    nextToken = page.nextToken;
  } while (nextToken);
  return [];
}

/** marks one version Rejected unless the skip rule keeps it; a concurrent update (ConflictException) is retried after reading it again. */
async function rejectVersion(clients, version, description) {
  for (let attempt = 1; ; attempt++) {
    const described = await clients.sagemaker.send(new sm.DescribeModelPackageCommand({ ModelPackageName: version.arn }));
    const was = described.ModelApprovalStatus || 'PendingManualApproval';
    const decision = decide(was);
    if (decision.kept) return { ...version, was, now: was, kept: decision.kept };
    try {
      await clients.sagemaker.send(new sm.UpdateModelPackageCommand({ ModelPackageArn: version.arn, ModelApprovalStatus: 'Rejected', ApprovalDescription: description }));
      return { ...version, was, now: 'Rejected' };
    } catch (err) {
      if (!err || err.name !== 'ConflictException' || attempt >= CONFLICT_ATTEMPTS) throw err;
      await clients.sleep(500 * attempt);
    }
  }
}

/** handles one event: the versions of a rejected production promotion marked Rejected, or why nothing was done. */
async function rejectVersions(event, settings, clients) {
  const { rejection, ignored } = rejectionOf(event, settings);
  if (!rejection) return { ignored };
  const versions = await executionVersions(clients, settings.pipelineName, rejection.executionId);
  const description = descriptionOf(rejection);
  const marked = [];
  for (const version of versions) marked.push(await rejectVersion(clients, version, description));
  return { rejection, marked };
}

/** the SDK clients the runtime ships (region and credentials from the function's environment). */
function awsClients() {
  return { codepipeline: new cp.CodePipelineClient({}), sagemaker: new sm.SageMakerClient({}), sleep: (ms) => new Promise((done) => setTimeout(done, ms)) };
}

/** the Lambda entry point; a failure throws, so Lambda retries the event and then sends it to the dead-letter queue. */
async function handler(event) {
  const outcome = await rejectVersions(event, settingsFrom(process.env), awsClients());
  console.log(JSON.stringify(outcome));
  return outcome;
}

module.exports = { handler, rejectVersions, rejectionOf, descriptionOf, parseModelVersions, versionsIn, decide, settingsFrom };
