import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** props of a ReleaseManagerPolicy. */
export interface ReleaseManagerPolicyProps {
  /** the pipeline's name */
  readonly pipelineName: string;
  /** the approval actions release managers may answer, as `<stage>/<action>` */
  readonly approvals: readonly string[];
  /** the managed policy's name */
  readonly managedPolicyName: string;
}

/**
 * a managed policy for the people who run `mlpipe status / history / approve / reject`: read the
 * pipeline's state and executions, and answer exactly its approval actions. Attach it to the
 * release managers' role or group; nothing is attached here.
 */
export class ReleaseManagerPolicy extends Construct {
  /** the policy */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ReleaseManagerPolicyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const pipelineArn = stack.formatArn({ service: 'codepipeline', resource: props.pipelineName });
    const statements = [
      new iam.PolicyStatement({
        sid: 'ReadPipeline',
        actions: ['codepipeline:GetPipelineState', 'codepipeline:GetPipelineExecution', 'codepipeline:ListPipelineExecutions'],
        resources: [pipelineArn],
      }),
    ];
    if (props.approvals.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'AnswerApprovals',
          actions: ['codepipeline:PutApprovalResult'],
          resources: props.approvals.map((approval) => `${pipelineArn}/${approval}`),
        }),
      );
    }
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: props.managedPolicyName,
      description: `mlpipe status, history, approve and reject on ${props.pipelineName}`,
      statements,
    });
  }
}
