import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeScopedWildcards } from './scoped-wildcards';
import type { ScopedWildcard } from './scoped-wildcards';

/** what the role opens. */
export type WorkspaceTarget =
  | { readonly kind: 'notebook'; readonly notebookName: string; readonly volumeKeyArn: string }
  | { readonly kind: 'studio'; readonly domainId: string; readonly userProfileName: string };

/** props of a WorkspaceOpenRole. */
export interface WorkspaceOpenRoleProps {
  /** the role name */
  readonly roleName: string;
  /** the user, for descriptions */
  readonly userName: string;
  /** the IAM role or user that may assume it */
  readonly identityArn: string;
  /** the notebook or Studio profile it opens */
  readonly target: WorkspaceTarget;
  /** the VPC endpoints presigned URLs may be asked for and used through: the SageMaker API endpoint and the notebook or Studio endpoint */
  readonly endpointIds: readonly string[];
}

const arn = (resource: string) => `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;

/**
 * the role a user's identity assumes to open their workspace (`mlpipe workspace open <user>`). It
 * may ask for a presigned URL only through the VPC's endpoints (`aws:SourceVpce`), so a URL is
 * never issued to, or usable from, outside the network; for a notebook it may also see and start
 * the user's own notebook instance after an idle stop.
 */
export class WorkspaceOpenRole extends Construct {
  /** the role */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: WorkspaceOpenRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: `opens the workspace of ${props.userName} from inside the network`,
      assumedBy: new iam.ArnPrincipal(props.identityArn),
    });
    const throughEndpoints = { StringEquals: { 'aws:SourceVpce': [...props.endpointIds] } };
    const statements: iam.PolicyStatement[] = [];
    const wildcards: ScopedWildcard[] = [];
    if (props.target.kind === 'notebook') {
      const notebook = arn(`notebook-instance/${props.target.notebookName}`);
      statements.push(
        new iam.PolicyStatement({ sid: 'PresignedUrlThroughVpcEndpoint', actions: ['sagemaker:CreatePresignedNotebookInstanceUrl'], resources: [notebook], conditions: throughEndpoints }),
        new iam.PolicyStatement({ sid: 'SeeAndStartOwnNotebook', actions: ['sagemaker:DescribeNotebookInstance', 'sagemaker:StartNotebookInstance'], resources: [notebook] }),
        // starting the notebook attaches its encrypted volume again, through a grant SageMaker creates for it
        new iam.PolicyStatement({
          sid: 'AttachEncryptedVolume',
          actions: ['kms:CreateGrant', 'kms:DescribeKey'],
          resources: [props.target.volumeKeyArn],
          conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      );
    } else {
      statements.push(
        new iam.PolicyStatement({
          sid: 'PresignedUrlThroughVpcEndpoint',
          actions: ['sagemaker:CreatePresignedDomainUrl'],
          resources: [arn(`user-profile/${props.target.domainId}/${props.target.userProfileName}`)],
          conditions: throughEndpoints,
        }),
      );
      const listDomains = new iam.PolicyStatement({ sid: 'FindTheDomain', actions: ['sagemaker:ListDomains'], resources: ['*'] });
      statements.push(listDomains);
      wildcards.push({ statement: listDomains, reason: 'mlpipe workspace open finds the domain id by the domain\'s name; sagemaker:ListDomains is read-only and supports no resource-level permissions' });
    }
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `open the workspace of ${props.userName} through the VPC endpoints only`,
      roles: [this.role],
      statements,
    });
    if (wildcards.length > 0) acknowledgeScopedWildcards(policy, wildcards);
  }
}
