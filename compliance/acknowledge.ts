import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** one waiver of findings on one resource. */
export interface Acknowledgement {
  /**
   * the exact findings, e.g. `AwsSolutions-IAM5[Action::s3:GetObject*]` or
   * `NIST.800.53.R5-VPCDefaultSecurityGroupClosed`; granular ids for granular rules
   */
  readonly ids: readonly string[];
  /** the evidence that makes the finding acceptable (at least 40 characters) */
  readonly reason: string;
}

/**
 * acknowledges findings on the resource (or L2 construct) they concern. Call it next to the
 * resource's definition, never on a stack, stage or app.
 */
export function acknowledge(resource: IConstruct, acknowledgement: Acknowledgement): void {
  if (acknowledgement.reason.trim().length < 40) {
    throw new Error(`acknowledgement of ${acknowledgement.ids.join(', ')} on ${resource.node.path}: reason "${acknowledgement.reason}" is shorter than 40 characters; state the evidence that makes the finding acceptable`);
  }
  for (const id of acknowledgement.ids) {
    Validations.of(resource).acknowledge({ id, reason: acknowledgement.reason });
  }
}
