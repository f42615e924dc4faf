import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** props of AuditRules. */
export interface AuditRulesProps {
  /** the pipeline's name */
  readonly pipelineName: string;
  /** the pipeline's encrypted topic the platform team reads */
  readonly topic: sns.ITopic;
}

const apiCall = (eventSource: string, eventName: string, requestParameters: Record<string, unknown>, more: Record<string, unknown> = {}): events.EventPattern => ({
  detailType: ['AWS API Call via CloudTrail'],
  detail: { eventSource: [eventSource], eventName: [eventName], requestParameters, ...more },
});

/**
 * the audit trail of the delivery chain: EventBridge rules, on the CloudTrail management events of
 * the tooling account (a trail must be logging), that tell the pipeline's encrypted topic when
 * someone changes the pipeline (UpdatePipeline, self-mutation included), answers an approval
 * (PutApprovalResult), starts an execution by hand (StartPipelineExecution not made by a service),
 * starts one with `sourceRevisions` (it runs a commit that may have skipped the branch's review),
 * or starts any CodeBuild build with a buildspec override (code the repository does not hold).
 */
export class AuditRules extends Construct {
  /** the rules, by what they watch */
  public readonly rules: Readonly<Record<'UpdatePipeline' | 'PutApprovalResult' | 'ManualStart' | 'StartWithSourceRevisions' | 'BuildspecOverride', events.Rule>>;

  constructor(scope: Construct, id: string, props: AuditRulesProps) {
    super(scope, id);
    const pipeline = 'codepipeline.amazonaws.com';
    const patterns = {
      UpdatePipeline: { pattern: apiCall(pipeline, 'UpdatePipeline', { pipeline: { name: [props.pipelineName] } }), what: `the definition of pipeline ${props.pipelineName} changed` },
      PutApprovalResult: { pattern: apiCall(pipeline, 'PutApprovalResult', { pipelineName: [props.pipelineName] }), what: `an approval of pipeline ${props.pipelineName} was answered` },
      ManualStart: {
        pattern: apiCall(pipeline, 'StartPipelineExecution', { name: [props.pipelineName] }, { userIdentity: { invokedBy: [{ exists: false }] } }),
        what: `someone started pipeline ${props.pipelineName} by hand`,
      },
      StartWithSourceRevisions: {
        pattern: apiCall(pipeline, 'StartPipelineExecution', { name: [props.pipelineName], sourceRevisions: [{ exists: true }] }),
        what: `pipeline ${props.pipelineName} was started on chosen source revisions, which may not have passed the branch's review`,
      },
      BuildspecOverride: {
        pattern: apiCall('codebuild.amazonaws.com', 'StartBuild', { buildspecOverride: [{ exists: true }] }),
        what: 'a CodeBuild build was started with a buildspec override: it runs commands the repository does not hold',
      },
    } as const;
    const rules: Record<string, events.Rule> = {};
    for (const [name, { pattern, what }] of Object.entries(patterns)) {
      rules[name] = new events.Rule(this, name, {
        description: `audit: ${what}`,
        eventPattern: pattern,
        targets: [
          new targets.SnsTopic(props.topic, {
            message: events.RuleTargetInput.fromText(
              `audit: ${what}: ${events.EventField.fromPath('$.detail.eventName')} by ${events.EventField.fromPath('$.detail.userIdentity.arn')} at ${events.EventField.fromPath('$.detail.eventTime')} from ${events.EventField.fromPath('$.detail.sourceIPAddress')}`,
            ),
          }),
        ],
      });
    }
    this.rules = rules as AuditRules['rules'];
  }
}
