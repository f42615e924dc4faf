import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** props of a DeveloperPolicy. */
export interface DeveloperPolicyProps {
  /** the CodeCommit repository the pipeline builds */
  readonly repositoryName: string;
  /** the branch the pipeline builds, which only a merged pull request may change */
  readonly branch: string;
  /** the managed policy's name */
  readonly managedPolicyName: string;
}

/** the CodeCommit calls that change a branch directly (push, web edit, merge, delete). */
export const BRANCH_WRITE_ACTIONS = ['codecommit:GitPush', 'codecommit:PutFile', 'codecommit:DeleteFile', 'codecommit:CreateCommit', 'codecommit:DeleteBranch', 'codecommit:MergeBranchesByFastForward', 'codecommit:MergeBranchesBySquash', 'codecommit:MergeBranchesByThreeWay'] as const;

/**
 * a managed policy for the developers' group of a CodeCommit source the pipeline stack creates:
 * work on any other branch and open pull requests, but never change the pipeline's branch
 * directly (a deny on `codecommit:References`), so every change reaches it through a pull request
 * that the repository's approval rule lets only someone other than its author approve. Attach it
 * to the developers' group; nothing is attached here.
 */
export class DeveloperPolicy extends Construct {
  /** the policy */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: DeveloperPolicyProps) {
    super(scope, id);
    const repository = Stack.of(this).formatArn({ service: 'codecommit', resource: props.repositoryName });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: props.managedPolicyName,
      description: `developers of ${props.repositoryName}: branches and pull requests, no direct change to ${props.branch}`,
      statements: [
        new iam.PolicyStatement({
          sid: 'WorkOnBranchesAndPullRequests',
          actions: [
            'codecommit:GitPull',
            'codecommit:GitPush',
            'codecommit:CreateBranch',
            'codecommit:GetBranch',
            'codecommit:ListBranches',
            'codecommit:GetCommit',
            'codecommit:GetDifferences',
            'codecommit:CreatePullRequest',
            'codecommit:GetPullRequest',
            'codecommit:ListPullRequests',
            'codecommit:UpdatePullRequestDescription',
            'codecommit:UpdatePullRequestTitle',
            'codecommit:PostCommentForPullRequest',
            'codecommit:UpdatePullRequestApprovalState',
            'codecommit:MergePullRequestByFastForward',
            'codecommit:MergePullRequestBySquash',
            'codecommit:MergePullRequestByThreeWay',
          ],
          resources: [repository],
        }),
        new iam.PolicyStatement({
          sid: 'DenyDirectChangesTo' + props.branch.replace(/[^A-Za-z0-9]/g, ''),
          effect: iam.Effect.DENY,
          actions: [...BRANCH_WRITE_ACTIONS],
          resources: [repository],
          conditions: { StringEqualsIfExists: { 'codecommit:References': [`refs/heads/${props.branch}`] }, Null: { 'codecommit:References': 'false' } },
        }),
      ],
    });
  }
}
