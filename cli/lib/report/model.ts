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

/** what one rule of a pack checked over the app, counted per resource. */
export interface RuleCoverage {
  /** the rule id, e.g. `AwsSolutions-S1` (granular findings are counted under their rule) */
  readonly rule: string;
  /** `Error` or `Warning`, as the pack gives it */
  readonly level: string;
  /** resources the rule applied to: passed + acknowledged + open */
  readonly checked: number;
  /** resources it checked and found compliant */
  readonly passed: number;
  /** resources it found non-compliant where every finding is acknowledged */
  readonly acknowledged: number;
  /** resources with at least one open finding of the rule */
  readonly open: number;
  /** resources it did not apply to (another resource type, or a feature the resource does not use) */
  readonly notApplicable: number;
  /** resources on which the rule threw instead of answering (counted as acknowledged or open too) */
  readonly errors: number;
}

/** what a pack checked: the rules it ran and the resources they applied to. */
export interface PackCoverage {
  /** rules the pack ran on every resource */
  readonly rulesRun: number;
  /** rules that applied to at least one resource */
  readonly rulesApplied: number;
  /** CloudFormation resources the pack's rules were applied to, whether or not any rule concerned them */
  readonly resourcesVisited: number;
  /** resources at least one rule of the pack applied to */
  readonly resourcesChecked: number;
  /** checked resources on which every rule that applied passed */
  readonly resourcesPassed: number;
  /** checked resources with findings, all of them acknowledged */
  readonly resourcesAcknowledged: number;
  /** checked resources with at least one open finding */
  readonly resourcesOpen: number;
  /** every rule the pack ran, those that applied first */
  readonly rules: readonly RuleCoverage[];
}

/** one pack and its totals. */
export interface PackSummary extends Totals {
  /** the pack (plugin) name */
  readonly name: string;
  /** the version the plugin reported @default - none reported */
  readonly version?: string;
  /**
   * what the pack checked, from the coverage file
   * @default - not recorded: a plugin that is not one of the app's rule packs (e.g. construct annotations)
   */
  readonly coverage?: PackCoverage;
}

/** totals of what was checked over every pack. */
export interface CheckTotals {
  /** rules run, summed over the packs */
  readonly rulesRun: number;
  /** rules that applied to at least one resource, summed over the packs */
  readonly rulesApplied: number;
  /** distinct resources at least one rule of any pack applied to */
  readonly resourcesChecked: number;
  /** rule-and-resource checks made, summed over packs and rules */
  readonly checks: number;
  /** of those, the ones that passed */
  readonly checksPassed: number;
}

/** an acknowledgement that differs from the committed baseline. */
export interface WaiverChange {
  /** the construct path it is made on */
  readonly path: string;
  /** the id as recorded */
  readonly id: string;
  /** the reason (for a removed one: the reason the baseline holds) */
  readonly reason: string;
  /** the reason the baseline holds, for a changed reason @default - not a changed reason */
  readonly previousReason?: string;
  /** where the acknowledgement is made @default - not recorded (always, for a removed one) */
  readonly location?: SourceLocation;
  /** the library that made it @default - the app's code */
  readonly madeBy?: string;
}

/** the acknowledgements of this commit against the committed baseline: what an auditor reviews per release. */
export interface BaselineDiff {
  /** the baseline file compared, as named to the report */
  readonly file: string;
  /** how many acknowledgements the baseline holds */
  readonly baselineCount: number;
  /** how many the assembly holds */
  readonly currentCount: number;
  /** in the assembly, not in the baseline */
  readonly added: readonly WaiverChange[];
  /** in the baseline, not in the assembly */
  readonly removed: readonly WaiverChange[];
  /** in both, with another reason */
  readonly reasonChanged: readonly WaiverChange[];
}

/** where the source files of the commit can be browsed. */
export type SourceRepository =
  | { readonly kind: 'github'; readonly repository: string }
  | { readonly kind: 'codecommit'; readonly repository: string; readonly region: string };

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
  /** the coverage file read, relative to the assembly */
  readonly coverageFile: string;
  readonly packs: readonly PackSummary[];
  /** what was checked, over every pack */
  readonly checks: CheckTotals;
  /** the acknowledgements against the committed baseline @default - no baseline was given */
  readonly baseline?: BaselineDiff;
  /** where the commit's files can be browsed, for links to source locations @default - not known: no links */
  readonly repository?: SourceRepository;
  readonly stacks: readonly StackSummary[];
  /** open findings first, then acknowledged, then unmatched; each by pack, rule and path */
  readonly findings: readonly Finding[];
  /** totals over all packs */
  readonly totals: Totals;
  /** true when nothing is open and at least one resource was checked */
  readonly passed: boolean;
}
