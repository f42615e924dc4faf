import { ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly [key: string]: unknown;
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : s.Action === undefined ? [] : [s.Action]);
const isExactly = (s: Statement, actions: readonly string[]) => actionsOf(s).length === actions.length && actions.every((a) => actionsOf(s).includes(a));

const LOGS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];
const REPORTS = ['codebuild:CreateReportGroup', 'codebuild:CreateReport', 'codebuild:UpdateReport', 'codebuild:BatchPutTestCases', 'codebuild:BatchPutCodeCoverages'];
const BUILDS = ['codebuild:BatchGetBuilds', 'codebuild:StartBuild', 'codebuild:StopBuild'];

/**
 * CDK Pipelines gives its shared asset-publishing roles three account-wide statements: logs on
 * every `/aws/codebuild/*` group, every report group, and starting and stopping any CodeBuild
 * project (`*`). This narrows each to the asset-publishing projects the role actually serves,
 * by rewriting the role's policy document when it is resolved (which cdk-nag sees too).
 * Call it after `buildPipeline()` with the pipeline's `Assets` construct.
 */
export function scopeAssetPublishingRoles(assets: IConstruct): void {
  const projects = assets.node.findAll().filter((c): c is codebuild.CfnProject => c instanceof codebuild.CfnProject);
  if (projects.length === 0) return;
  for (const role of assets.node.children.filter((c): c is iam.Role => c instanceof iam.Role)) {
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (!(policy instanceof iam.Policy)) continue;
    const cfn = policy.node.defaultChild as iam.CfnPolicy;
    const stack = Stack.of(role);
    const projectArns = projects.map((p) => p.attrArn);
    const logGroups = projects.flatMap((p) => {
      const group = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws/codebuild/${p.ref}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      return [group, `${group}:*`];
    });
    const reportGroups = projects.map((p) => stack.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: `${p.ref}-*` }));
    cfn.policyDocument = Lazy.any({
      produce: () => {
        const document = stack.resolve(policy.document) as { Statement: Statement[] };
        const scoped = document.Statement.map((s) => {
          if (isExactly(s, LOGS)) return { ...s, Resource: logGroups };
          if (isExactly(s, REPORTS)) return { ...s, Resource: reportGroups };
          if (isExactly(s, BUILDS) && s.Resource === '*') return { ...s, Resource: projectArns };
          return s;
        });
        return stack.resolve({ ...document, Statement: scoped });
      },
    });
  }
}
