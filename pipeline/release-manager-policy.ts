import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeScopedWildcards } from '../stages/constructs/scoped-wildcards';

/** props of a ReleaseManagerPolicy. */
export interface ReleaseManagerPolicyProps {
  /** the pipeline's name */
  readonly pipelineName: string;
  /** the approval actions release managers may answer, as `<stage>/<action>` */
  readonly approvals: readonly string[];
  /** the managed policy's name */
  readonly managedPolicyName: string;
  /**
   * the project prefix of the model package groups (`<prefix>-<model>`): release managers may
   * describe their versions (`mlpipe status` and `approve` show them) and mark a rejected
   * promotion's versions Rejected (`mlpipe reject`)
   * @default - no access to the model registry
   */
  readonly modelPackagePrefix?: string;
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
        actions: ['codepipeline:GetPipelineState', 'codepipeline:GetPipelineExecution', 'codepipeline:ListPipelineExecutions', ...(props.modelPackagePrefix ? ['codepipeline:ListActionExecutions'] : [])],
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
    const versions = props.modelPackagePrefix
      ? new iam.PolicyStatement({
          sid: 'ReadAndRejectModelVersions',
          actions: ['sagemaker:DescribeModelPackage', 'sagemaker:UpdateModelPackage'],
          resources: [stack.formatArn({ service: 'sagemaker', resource: 'model-package', resourceName: `${props.modelPackagePrefix}-*` })],
        })
      : undefined;
    if (versions) statements.push(versions);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: props.managedPolicyName,
      description: `mlpipe status, history, approve and reject on ${props.pipelineName}`,
      statements,
    });
    if (versions) {
      acknowledgeScopedWildcards(this.policy, [
        { statement: versions, reason: `the versions of the project's model package groups (named ${props.modelPackagePrefix}-<model>), whose numbers SageMaker assigns; release managers read them and mark a promotion they reject Rejected, as mlpipe reject does` },
      ]);
    }
  }
}
