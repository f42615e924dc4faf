import { CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { RawPluginReport } from '../cli/lib/report/raw-inputs';
import { firstUserFrame, formatLocation, madeByLibrary } from '../cli/lib/report/source-location';
import { MIN_REASON_LENGTH } from './acknowledge';
import { COMPLIANCE_PACK_NAMES } from './pack-names';
import { withoutModelIdentity } from '../config/training-identity';

/** rules whose findings are granular (`Rule[Kind::value]`): each finding is acknowledged on its own. */
export const GRANULAR_RULES: readonly string[] = [
  'AwsSolutions-IAM4',
  'AwsSolutions-IAM5',
  'AwsSolutions-DOC5',
  'AwsSolutions-OS9',
  'AwsSolutions-RDS16',
  'NIST.800.53.R5-RDSLoggingEnabled',
  'HIPAA.Security-RDSLoggingEnabled',
  'PCI.DSS.321-RDSLoggingEnabled',
  'SageMaker-ProductionVariantAutoscaling',
];

/** the files of the acknowledge wrapper, skipped when locating where an acknowledgement was made. */
export const ACKNOWLEDGE_HELPER_FILES: readonly string[] = ['compliance/acknowledge.ts'];

/** one acknowledgement recorded in the construct tree. */
export interface RecordedAcknowledgement {
  /** the construct path it was made on (empty for the app) */
  readonly path: string;
  /** the id as recorded, e.g. `AwsSolutions::AwsSolutions-IAM5[Action::s3:GetObject*]` */
  readonly id: string;
  readonly reason: string;
  /** `file:line` of the call that made it, relative to the source root; empty when not recorded */
  readonly madeAt: string;
  /** the library that made it @default - the app's own code */
  readonly madeByLibrary?: string;
  /** the construct it was made on */
  readonly construct: IConstruct;
}

/** one line of `acknowledgements.baseline.json`. */
export interface BaselineEntry {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
  /** set for acknowledgements a library made on its own constructs @default - made by the app */
  readonly madeBy?: string;
}

/** every acknowledgement recorded with `Validations.of(x).acknowledge()` under `root`. */
export function collectAcknowledgements(root: IConstruct, sourceRoot: string): RecordedAcknowledgement[] {
  const found: RecordedAcknowledgement[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || entry.data === null || typeof entry.data !== 'object') continue;
      const trace = entry.trace ?? [];
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        found.push({
          path: construct.node.path,
          id,
          reason: String(reason),
          madeAt: formatLocation(firstUserFrame(trace, sourceRoot, ACKNOWLEDGE_HELPER_FILES)),
          madeByLibrary: madeByLibrary(trace),
          construct,
        });
      }
    }
  }
  return found;
}

function splitId(id: string): { namespace?: string; rule: string } {
  const separator = id.indexOf('::');
  const bracket = id.indexOf('[');
  if (separator === -1 || (bracket !== -1 && separator > bracket)) return { rule: id };
  return { namespace: id.slice(0, separator), rule: id.slice(separator + 2) };
}

function placementProblem(construct: IConstruct): string | undefined {
  if (Stage.isStage(construct)) return 'is made on a stage or the app; make it on the resource the finding concerns';
  if (Stack.isStack(construct)) return 'is made on a stack; make it on the resource the finding concerns';
  if (CfnResource.isCfnResource(construct) || CfnResource.isCfnResource(construct.node.defaultChild)) return undefined;
  return `is made on ${construct.constructor.name}, which is neither a CloudFormation resource nor an L2 construct of one (it groups ${construct.node.findAll().filter(CfnResource.isCfnResource).length} resources); make it on the resource the finding concerns`;
}

function idProblem(id: string): string | undefined {
  const { namespace, rule } = splitId(id);
  const pack = COMPLIANCE_PACK_NAMES.filter((p) => rule.startsWith(`${p}-`)).sort((a, b) => b.length - a.length)[0];
  if (pack !== undefined && namespace !== pack) {
    return `is not qualified with its pack: use acknowledge() from compliance/acknowledge.ts, or the id as \`cdk synth\` prints it, '${pack}::${rule}', so the validation report records the finding it waives`;
  }
  if (GRANULAR_RULES.includes(rule)) {
    return `names the whole granular rule ${rule}; acknowledge each finding, e.g. '${rule}[Action::s3:GetObject*]', as \`cdk synth\` prints it`;
  }
  return undefined;
}

/**
 * the policy problems of the app's own acknowledgements (those a library made are exempt): made on
 * a stack, stage, app or grouping construct; an id not qualified with its pack, or naming a whole
 * granular rule; a reason under 40 characters; and, given `isMatched`, one that waived no finding.
 */
export function acknowledgementProblems(acknowledgements: readonly RecordedAcknowledgement[], isMatched?: (path: string, id: string) => boolean): string[] {
  const problems: string[] = [];
  for (const ack of acknowledgements) {
    if (ack.madeByLibrary !== undefined) continue;
    const where = `${ack.id} on ${ack.path || '(app)'}${ack.madeAt ? ` (${ack.madeAt})` : ''}`;
    const placement = placementProblem(ack.construct);
    if (placement) problems.push(`${where} ${placement}`);
    const idIssue = idProblem(ack.id);
    if (idIssue) problems.push(`${where} ${idIssue}`);
    if (ack.reason.trim().length < MIN_REASON_LENGTH) {
      problems.push(`${where} has a reason of ${ack.reason.trim().length} characters ("${ack.reason}"); give at least ${MIN_REASON_LENGTH} that state the evidence`);
    }
    if (isMatched && !placement && !idIssue && !isMatched(ack.path, ack.id)) {
      problems.push(`${where} waives no finding (the validation report has no finding it suppressed): the finding is gone, or is on no resource under ${ack.path}; remove it`);
    }
  }
  return problems;
}

/**
 * the baseline entries of the acknowledgements, sorted by path then id. Ids that name this
 * commit's model folder are recorded with `models/<identity>/`, so retraining (a new content
 * address) is not a change of waivers.
 */
export function toBaseline(acknowledgements: readonly RecordedAcknowledgement[]): BaselineEntry[] {
  return acknowledgements
    .map((a) => ({ path: a.path, id: withoutModelIdentity(a.id), reason: a.reason, ...(a.madeByLibrary ? { madeBy: a.madeByLibrary } : {}) }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.id.localeCompare(b.id));
}

function key(e: BaselineEntry): string {
  return JSON.stringify([e.path, e.id, e.reason, e.madeBy ?? '']);
}

/** what differs between the app's acknowledgements and the committed baseline. */
export function diffBaseline(current: readonly BaselineEntry[], baseline: readonly BaselineEntry[]): { added: BaselineEntry[]; removed: BaselineEntry[] } {
  const inBaseline = new Set(baseline.map(key));
  const inCurrent = new Set(current.map(key));
  return { added: current.filter((e) => !inBaseline.has(key(e))), removed: baseline.filter((e) => !inCurrent.has(key(e))) };
}

/** `isMatched` for {@link acknowledgementProblems}: the acknowledgements the validation report says suppressed a finding. */
export function suppressionMatcher(plugins: readonly RawPluginReport[]): (path: string, id: string) => boolean {
  const used = new Set(plugins.flatMap((p) => p.suppressed.flatMap((v) => (v.suppression ? [`${v.suppression.constructPath}\u0000${v.suppression.id}`] : []))));
  return (path, id) => used.has(`${path}\u0000${id}`);
}
