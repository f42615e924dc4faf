import { Stack, Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { COMPLIANCE_PACK_NAMES } from './pack-names';

/** the minimum length of a reason: enough to state the evidence, not just "not needed". */
export const MIN_REASON_LENGTH = 40;

/** one waiver of findings on one resource. */
export interface Acknowledgement {
  /**
   * the exact findings, e.g. `AwsSolutions-IAM5[Action::s3:GetObject*]` or
   * `NIST.800.53.R5-VPCDefaultSecurityGroupClosed`; granular ids for granular rules. An id may
   * also be given qualified (`AwsSolutions::AwsSolutions-S1`, as `cdk synth` prints it).
   */
  readonly ids: readonly string[];
  /** the evidence that makes the finding acceptable (at least 40 characters) */
  readonly reason: string;
}

/**
 * the id qualified with its pack (`AwsSolutions-S1` -> `AwsSolutions::AwsSolutions-S1`), the form
 * CDK itself matches against the pack's findings: the validation report then records each
 * acknowledged finding with its resource, reason and source line. Ids of no known pack, and ids
 * already qualified, are returned unchanged.
 */
export function qualifiedId(id: string): string {
  const separator = id.indexOf('::');
  const bracket = id.indexOf('[');
  if (separator !== -1 && (bracket === -1 || separator < bracket)) return id;
  const pack = COMPLIANCE_PACK_NAMES.filter((p) => id.startsWith(`${p}-`)).sort((a, b) => b.length - a.length)[0];
  return pack === undefined ? id : `${pack}::${id}`;
}

/**
 * acknowledges findings on the resource (or L2 construct) they concern. Call it next to the
 * resource's definition, never on a stack, stage or app.
 */
export function acknowledge(resource: IConstruct, acknowledgement: Acknowledgement): void {
  if (Stack.isStack(resource) || Stage.isStage(resource)) {
    throw new Error(`acknowledgement of ${acknowledgement.ids.join(', ')} on ${resource.node.path || 'the app'}: acknowledge on the resource (or its L2 construct) the finding concerns, never on a stack, stage or app`);
  }
  if (acknowledgement.reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(`acknowledgement of ${acknowledgement.ids.join(', ')} on ${resource.node.path}: reason "${acknowledgement.reason}" is shorter than ${MIN_REASON_LENGTH} characters; state the evidence that makes the finding acceptable`);
  }
  for (const id of acknowledgement.ids) {
    Validations.of(resource).acknowledge({ id: qualifiedId(id), reason: acknowledgement.reason });
  }
}
