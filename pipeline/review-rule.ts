import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';

/** props of a ReviewRule. */
export interface ReviewRuleProps {
  /** the repository whose pull requests into the branch need a review */
  readonly repository: codecommit.IRepository;
  /** the branch the pipeline builds */
  readonly branch: string;
  /** the approval-rule template's name (unique in the account and region) */
  readonly templateName: string;
  /** the approval pool: IAM or STS ARNs, `*` allowed in the name part */
  readonly approvers: readonly string[];
  /** the key that encrypts the custom resource handler's log group (its key policy must admit CloudWatch Logs) */
  readonly logsKey: kms.IKey;
  /**
   * approvals from the pool a pull request needs
   * @default 1
   */
  readonly approvalsNeeded?: number;
}

/** the CodeCommit calls that manage approval-rule templates: IAM defines no resource type for them, only `*`. */
export const TEMPLATE_ACTIONS = ['codecommit:CreateApprovalRuleTemplate', 'codecommit:UpdateApprovalRuleTemplateContent', 'codecommit:DeleteApprovalRuleTemplate'] as const;
/** the CodeCommit calls that (dis)associate a template with a repository: scoped to the repository. */
export const ASSOCIATION_ACTIONS = ['codecommit:AssociateApprovalRuleTemplateWithRepository', 'codecommit:DisassociateApprovalRuleTemplateFromRepository'] as const;

/** the content of an approval-rule template: one Approvers statement on one branch. */
export function reviewRuleContent(branch: string, approvers: readonly string[], approvalsNeeded: number): string {
  return JSON.stringify({
    Version: '2018-11-08',
    DestinationReferences: [`refs/heads/${branch}`],
    Statements: [{ Type: 'Approvers', NumberOfApprovalsNeeded: approvalsNeeded, ApprovalPoolMembers: approvers }],
  });
}

/**
 * an approval-rule template on the pipeline's branch, associated with the repository: every pull
 * request into the branch needs approvals from the pool, and CodeCommit never counts the author's
 * own. CloudFormation has no resource for approval-rule templates, so two SDK-call custom
 * resources manage them: the template (create, update its content, delete) and its association
 * (associate, disassociate), deleted before the template.
 */
export class ReviewRule extends Construct {
  /** the role the custom resources' handler runs under: these CodeCommit calls and its own log group, nothing else */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ReviewRuleProps) {
    super(scope, id);
    const content = reviewRuleContent(props.branch, props.approvers, props.approvalsNeeded ?? 1);
    const templateName = props.templateName;
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      encryptionKey: props.logsKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // our role with one managed policy, instead of the handler's default role (AWSLambdaBasicExecutionRole) and an inline policy per call
    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `manages the CodeCommit approval-rule template ${templateName} and its association with ${props.repository.repositoryName}`,
    });
    const policy = new iam.ManagedPolicy(this, 'HandlerPolicy', {
      description: `CodeCommit approval-rule template ${templateName}: create, update, delete, (dis)associate with its repository`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ sid: 'ManageApprovalRuleTemplate', actions: [...TEMPLATE_ACTIONS], resources: ['*'] }),
        new iam.PolicyStatement({ sid: 'AssociateApprovalRuleTemplate', actions: [...ASSOCIATION_ACTIONS], resources: [props.repository.repositoryArn] }),
        new iam.PolicyStatement({ sid: 'WriteHandlerLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      ],
    });
    acknowledge(policy, {
      ids: ['AwsSolutions-IAM5[Resource::*]'],
      reason: `the Service Authorization Reference lists no resource type for ${TEMPLATE_ACTIONS.join(', ')} (approval-rule templates have no ARN), so IAM accepts only "*" for them; that statement allows nothing but these three template calls, and the (dis)association is scoped to the repository ARN`,
    });
    const handler = { role: this.role, logGroup, installLatestAwsSdk: false };

    const template = new AwsCustomResource(this, 'Template', {
      ...handler,
      resourceType: 'Custom::CodeCommitApprovalRuleTemplate',
      onCreate: {
        service: 'CodeCommit',
        action: 'createApprovalRuleTemplate',
        parameters: {
          approvalRuleTemplateName: templateName,
          approvalRuleTemplateDescription: `pull requests into ${props.branch} need a review by someone other than their author`,
          approvalRuleTemplateContent: content,
        },
        physicalResourceId: PhysicalResourceId.of(templateName),
      },
      onUpdate: {
        service: 'CodeCommit',
        action: 'updateApprovalRuleTemplateContent',
        parameters: { approvalRuleTemplateName: templateName, newRuleContent: content },
        physicalResourceId: PhysicalResourceId.of(templateName),
      },
      onDelete: {
        service: 'CodeCommit',
        action: 'deleteApprovalRuleTemplate',
        parameters: { approvalRuleTemplateName: templateName },
      },
    });
    // on create and on update (a renamed repository: a new physical id, so CloudFormation then deletes the old association)
    const association = new AwsCustomResource(this, 'Association', {
      ...handler,
      resourceType: 'Custom::CodeCommitApprovalRuleTemplateAssociation',
      onUpdate: {
        service: 'CodeCommit',
        action: 'associateApprovalRuleTemplateWithRepository',
        parameters: { approvalRuleTemplateName: templateName, repositoryName: props.repository.repositoryName },
        physicalResourceId: PhysicalResourceId.of(`${templateName}/${props.repository.repositoryName}`),
      },
      onDelete: {
        service: 'CodeCommit',
        action: 'disassociateApprovalRuleTemplateFromRepository',
        parameters: { approvalRuleTemplateName: templateName, repositoryName: props.repository.repositoryName },
      },
    });
    association.node.addDependency(template);
    // the handler must not run before its policy is attached
    template.node.addDependency(policy);
    association.node.addDependency(policy);
    this.acknowledgeHandler();
  }

  /** the stack-wide handler function aws-cdk-lib defines for SDK-call custom resources. */
  private acknowledgeHandler(): void {
    const handler = Stack.of(this).node.findChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    acknowledge(handler, {
      ids: ['NIST.800.53.R5-LambdaInsideVPC', 'HIPAA.Security-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC'],
      reason: 'the handler only calls the CodeCommit API (public endpoint) during stack deployments; the tooling account has no VPC and the function reads no data, so a VPC would add NAT cost without isolating anything',
    });
    acknowledge(handler, {
      ids: ['NIST.800.53.R5-LambdaDLQ', 'HIPAA.Security-LambdaDLQ'],
      reason: 'CloudFormation sends the handler one request per stack event and waits for the response it uploads; a failed or lost call fails (and rolls back) the deployment, which the pipeline notifications report, so a dead-letter queue would hold nothing to act on',
    });
    acknowledge(handler, {
      ids: ['NIST.800.53.R5-LambdaConcurrency', 'HIPAA.Security-LambdaConcurrency'],
      reason: 'the handler runs only while CloudFormation deploys the pipeline stack (two custom resources, one call each), so its concurrency is bounded by the deployment itself; reserving concurrency would take it from the account pool',
    });
  }
}
