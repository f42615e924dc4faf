import { Stack } from 'aws-cdk-lib';
import type { IAspect } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
// the same flattening cdk-nag's IAM5 rule applies, so the acknowledged ids match its findings exactly
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';

/** what the pipeline's own stores are called in the template, to recognise grants on them. */
export interface PipelineStores {
  /** logical id of the artifact bucket */
  readonly artifactBucketLogicalId: string;
  /** logical id of the artifact bucket's KMS key */
  readonly artifactKeyLogicalId: string;
  /** logical id of the key of the notification topics and build logs */
  readonly pipelineKeyLogicalId: string;
  /**
   * physical names of the artifact replica buckets in other regions
   * @default - none
   */
  readonly replicaBucketNames?: readonly string[];
}

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const INLINE_POLICY_RULES = ['NIST.800.53.R5-IAMNoInlinePolicy', 'HIPAA.Security-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'];
const SOURCE_REPO_RULES = ['HIPAA.Security-CodeBuildProjectSourceRepoUrl', 'PCI.DSS.321-CodeBuildProjectSourceRepoUrl'];

/**
 * the evidence for one wildcard in a statement CDK Pipelines generated, or undefined when the
 * statement is not one of the known, scoped grants (it then stays an open finding for a person to judge).
 */
function statementEvidence(statement: Statement, stores: PipelineStores): string | undefined {
  const resources = list(statement.Resource).map(flattenCfnReference);
  const actions = list(statement.Action);
  const bucket = `<${stores.artifactBucketLogicalId}.Arn>`;
  const isArtifactBucket = (r: string) => r === bucket || r === `${bucket}/*`;
  const replicas = stores.replicaBucketNames ?? [];
  // the partition is a token, or a literal when the stack's environment is known (cdk.json flags)
  const isReplica = (r: string) => replicas.some((name) => [`:s3:::${name}`, `:s3:::${name}/*`].some((tail) => r === `arn:<AWS::Partition>${tail}` || r === `arn:aws${tail}`));
  if (resources.every((r) => isArtifactBucket(r) || isReplica(r))) {
    return 'CDK Pipelines grants its action roles the S3 action groups (s3:GetObject*, s3:List*, ...) on the pipeline artifact bucket and its objects only; that bucket is private, KMS-encrypted and holds nothing but this pipeline\'s build artifacts and the Synth step\'s npm download cache (codebuild-cache/synth)';
  }
  if (resources.every((r) => r === `<${stores.artifactKeyLogicalId}.Arn>`)) {
    return 'kms:GenerateDataKey* and kms:ReEncrypt* are granted on the artifact bucket key alone (resource is that key\'s ARN), which encrypts only pipeline artifacts';
  }
  // CDK may merge the grant on the artifact key into the same statement as the one on "*"
  const isStarOrArtifactKey = (r: string) => r === '*' || r === `<${stores.artifactKeyLogicalId}.Arn>`;
  if (replicas.length > 0 && resources.includes('*') && resources.every(isStarOrArtifactKey) && actions.every((a) => ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'].includes(a))) {
    return 'the artifact replicas in other regions are encrypted through a key alias, because a KMS key has no physical name the pipeline stack could refer to across regions; CDK therefore grants these KMS data actions on "*", and they work only on keys whose key policy admits this role';
  }
  if (resources.every((r) => r === `<${stores.pipelineKeyLogicalId}.Arn>`) && actions.every((a) => a.startsWith('kms:'))) {
    return 'publishing to a KMS-encrypted SNS topic needs kms:GenerateDataKey* on the topic\'s key; the resource is that one key, which encrypts only this pipeline\'s notifications and build logs';
  }
  if (resources.every((r) => /:log-group:\/aws\/codebuild\/<[A-Za-z0-9]+>(:\*)?$/.test(r))) {
    return 'CodeBuild writes log streams to the project\'s own log group /aws/codebuild/<project>; the trailing :* only matches that group\'s streams';
  }
  if (resources.every((r) => /:report-group\/<[A-Za-z0-9]+>-\*$/.test(r))) {
    return 'CodeBuild\'s built-in grant for report groups named after the project (<project>-*); no other report group matches that prefix';
  }
  const bootstrapTag = statement.Condition?.['ForAnyValue:StringEquals']?.['iam:ResourceTag/aws-cdk:bootstrap-role'];
  if (actions.every((a) => a === 'sts:AssumeRole') && bootstrapTag !== undefined && resources.every((r) => /^arn:\*:iam::(\d{12}|<AWS::AccountId>):role\/\*$/.test(r))) {
    return 'self-mutation and asset publishing may assume only roles tagged aws-cdk:bootstrap-role (the CDK bootstrap roles), enforced by the iam:ResourceTag condition on this statement';
  }
  if (resources.every((r) => r === '*') && actions.every((a) => ['cloudformation:DescribeStacks', 's3:ListBucket'].includes(a))) {
    return 'cdk deploy in self-mutation reads stack status and lists the bootstrap bucket; these read-only calls have no resource-level scoping that covers the bootstrap resources in every account';
  }
  return undefined;
}

/**
 * acknowledges, with their evidence, the findings that CDK Pipelines' generated roles and projects
 * raise by construction: inline default policies, CodePipeline-sourced projects without a repository
 * credential, and the wildcard grants it scopes to the pipeline's own stores. Any grant it does not
 * recognise stays open. Apply it to the CodePipeline construct only.
 */
export class GeneratedGrantAcknowledgements implements IAspect {
  constructor(private readonly stores: PipelineStores) {}

  public visit(node: IConstruct): void {
    if (node instanceof codebuild.CfnProject) {
      const source = Stack.of(node).resolve(node.source) as { type?: string };
      if (source.type === 'CODEPIPELINE') {
        acknowledge(node, {
          ids: SOURCE_REPO_RULES,
          reason: 'the project\'s source type is CODEPIPELINE: it receives the commit as a pipeline artifact and never connects to a repository, so there is no repository credential to protect with OAuth',
        });
      }
      return;
    }
    if (!(node instanceof iam.CfnPolicy) || node.node.id !== 'Resource' || node.node.scope?.node.id !== 'DefaultPolicy') return;
    acknowledge(node, {
      ids: INLINE_POLICY_RULES,
      reason: 'CDK Pipelines attaches its action and project roles\' permissions as the role\'s inline DefaultPolicy and offers no managed-policy option; each such role belongs to this pipeline alone',
    });
    const document = Stack.of(node).resolve(node.policyDocument) as { Statement?: Statement[] };
    const byReason = new Map<string, Set<string>>();
    for (const statement of document.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      const findings = [
        ...list(statement.Action).filter((a) => a.includes('*')).map((a) => `Action::${a}`),
        ...list(statement.Resource).map(flattenCfnReference).filter((r) => r.includes('*')).map((r) => `Resource::${r}`),
      ];
      if (findings.length === 0) continue;
      const reason = statementEvidence(statement, this.stores);
      if (!reason) continue;
      const ids = byReason.get(reason) ?? new Set<string>();
      for (const finding of findings) ids.add(`AwsSolutions-IAM5[${finding}]`);
      byReason.set(reason, ids);
    }
    const done = new Set<string>();
    for (const [reason, ids] of byReason) {
      const fresh = [...ids].filter((id) => !done.has(id));
      fresh.forEach((id) => done.add(id));
      if (fresh.length) acknowledge(node, { ids: fresh, reason });
    }
  }
}
