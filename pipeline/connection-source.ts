import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CodePipelineSource, FileSet } from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';

/** props of a ConnectionSource. */
export interface ConnectionSourceProps {
  /** the connection's ARN: `arn:aws:codeconnections:...` or the older `arn:aws:codestar-connections:...` */
  readonly connectionArn: string;
  /**
   * the CodePipeline action's name
   * @default - the repository string
   */
  readonly actionName?: string;
  /**
   * whether a push starts the pipeline (DetectChanges)
   * @default true
   */
  readonly triggerOnPush?: boolean;
}

/**
 * the IAM service prefix of a connection ARN: IAM requires an action's prefix to match its
 * resource's, so a connection created by the console since July 2024 (`codeconnections`) needs
 * `codeconnections:UseConnection`, an older one `codestar-connections:UseConnection`.
 */
export function connectionServicePrefix(connectionArn: string): 'codeconnections' | 'codestar-connections' {
  const service = connectionArn.split(':')[2];
  if (service !== 'codeconnections' && service !== 'codestar-connections') {
    throw new Error(`${connectionArn} is not a CodeConnections ARN; use one such as "arn:aws:codeconnections:eu-west-1:123456789012:connection/<uuid>"`);
  }
  return service;
}

/** the CodeStarSourceConnection action, granted UseConnection under the prefix of its connection's ARN. */
class ConnectionSourceAction extends cpactions.CodeStarConnectionsSourceAction {
  constructor(private readonly sourceProps: cpactions.CodeStarConnectionsSourceActionProps) {
    super(sourceProps);
  }

  protected bound(_scope: Construct, _stage: codepipeline.IStage, options: codepipeline.ActionBindOptions): codepipeline.ActionConfig {
    const p = this.sourceProps;
    options.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [`${connectionServicePrefix(p.connectionArn)}:UseConnection`], resources: [p.connectionArn] }),
    );
    options.bucket.grantReadWrite(options.role);
    options.bucket.grantPutAcl(options.role);
    return {
      configuration: {
        ConnectionArn: p.connectionArn,
        FullRepositoryId: `${p.owner}/${p.repo}`,
        BranchName: p.branch,
        DetectChanges: p.triggerOnPush,
      },
    };
  }
}

/**
 * a CDK Pipelines source from a repository behind a CodeConnections connection (GitHub, GitLab,
 * Bitbucket). It is `CodePipelineSource.connection` with one difference: the library grants
 * `codestar-connections:UseConnection` whatever the ARN, which IAM ignores on `codeconnections` ARNs.
 */
export class ConnectionSource extends CodePipelineSource {
  private readonly owner: string;
  private readonly repo: string;

  /**
   * @param repoString the repository as `owner/repo`
   * @param branch the branch that starts the pipeline
   */
  constructor(
    repoString: string,
    private readonly branch: string,
    private readonly props: ConnectionSourceProps,
  ) {
    super(repoString);
    const [owner, ...repo] = repoString.split('/');
    if (!owner || repo.length === 0 || repo.some((part) => part === '')) throw new Error(`${repoString} is not a repository as "owner/repo"`);
    connectionServicePrefix(props.connectionArn);
    this.owner = owner;
    this.repo = repo.join('/');
    this.configurePrimaryOutput(new FileSet('Source', this));
  }

  protected getAction(output: codepipeline.Artifact, actionName: string, runOrder: number, variablesNamespace?: string): cpactions.Action {
    return new ConnectionSourceAction({
      output,
      actionName: this.props.actionName ?? actionName,
      runOrder,
      connectionArn: this.props.connectionArn,
      owner: this.owner,
      repo: this.repo,
      branch: this.branch,
      triggerOnPush: this.props.triggerOnPush,
      variablesNamespace,
    });
  }
}
