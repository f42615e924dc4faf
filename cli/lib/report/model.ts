/** where in the source something was done: a file (relative to the source root when inside it) and a line. */
export interface SourceLocation {
  /** the file, relative to the source root when it lies inside it, else absolute */
  readonly file: string;
  /** 1-based line */
  readonly line: number;
  /** 1-based column */
  readonly column: number;
}

/**
 * - `open`: a finding nobody acknowledged; it fails the gate.
 * - `acknowledged`: a finding the validation report records as suppressed by an acknowledgement.
 * - `unmatched-acknowledgement`: an acknowledgement in the assembly's metadata that no reported
 *   finding used: cdk-nag applied a non-qualified id itself (so the report cannot show the
 *   finding), or the acknowledgement is stale.
 */
export type FindingStatus = 'open' | 'acknowledged' | 'unmatched-acknowledgement';

/** one row of the report: a rule and a resource, or an acknowledgement that matched nothing. */
export interface Finding {
  /** the pack (validation plugin) that reported it, e.g. `AwsSolutions` */
  readonly pack: string;
  /** the rule id, with the granular part when there is one, e.g. `AwsSolutions-IAM5[Action::s3:*]` */
  readonly rule: string;
  /** `error`, `warning`, ...; empty for an unmatched acknowledgement */
  readonly severity: string;
  /** what the rule says is wrong; empty for an unmatched acknowledgement */
  readonly description: string;
  /** the construct path of the stack the resource is in; empty when outside any stack */
  readonly stack: string;
  /** the construct path of the resource (for an unmatched acknowledgement: where it was made) */
  readonly constructPath: string;
  /** see {@link FindingStatus} */
  readonly status: FindingStatus;
  /** where the resource was defined, when the assembly records it */
  readonly definedAt?: SourceLocation;
  /** the acknowledgement, for `acknowledged` and `unmatched-acknowledgement` */
  readonly acknowledgement?: AcknowledgementInfo;
}

/** who waived a finding, why, and where in the code. */
export interface AcknowledgementInfo {
  /** the id as recorded, e.g. `AwsSolutions::AwsSolutions-S1` or `Annotation::AwsSolutions-S1` */
  readonly id: string;
  /** the reason given */
  readonly reason: string;
  /** the construct path it was made on; empty for the app itself */
  readonly constructPath: string;
  /** the `Validations.acknowledge` call site (or, for one a library made, the call into that library) */
  readonly location?: SourceLocation;
  /** the library that made it, when it was not made by the app's own code @default - the app's code */
  readonly madeByLibrary?: string;
}

/** counts of one pack or one stack. */
export interface Totals {
  readonly open: number;
  readonly acknowledged: number;
  readonly unmatched: number;
}

/** one pack and its totals. */
export interface PackSummary extends Totals {
  /** the pack (plugin) name */
  readonly name: string;
  /** the version the plugin reported @default - none reported */
  readonly version?: string;
}

/** one stack of the assembly and its totals. */
export interface StackSummary extends Totals {
  /** its construct path, e.g. `Prod/Endpoint` */
  readonly path: string;
  /** its CloudFormation stack name */
  readonly stackName: string;
}

/** everything the renderers need. */
export interface ComplianceReport {
  /** the commit the assembly was synthesized from, or `unknown` */
  readonly commit: string;
  /** when the report was made (ISO 8601) */
  readonly generatedAt: string;
  /** tool name -> version, e.g. `aws-cdk-lib` -> `2.276.0` */
  readonly toolVersions: Readonly<Record<string, string>>;
  /** the cloud assembly directory, as given */
  readonly assemblyDir: string;
  /** the validation report file read, relative to the assembly */
  readonly validationReportFile: string;
  readonly packs: readonly PackSummary[];
  readonly stacks: readonly StackSummary[];
  /** open findings first, then acknowledged, then unmatched; each by pack, rule and path */
  readonly findings: readonly Finding[];
  /** totals over all packs */
  readonly totals: Totals;
  /** true when nothing is open */
  readonly passed: boolean;
}
