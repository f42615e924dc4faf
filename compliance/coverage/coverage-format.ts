/**
 * `compliance-coverage.json`: what every rule of every pack did on every resource during one synth,
 * written into the cloud assembly by {@link CoverageRecorder} while the packs validate. The
 * validation report lists only findings; this file is what makes "0 open" mean "checked and passed".
 */
export const COVERAGE_FILE = 'compliance-coverage.json';

/** the format version; a reader rejects any other. */
export const COVERAGE_FORMAT_VERSION = 1;

/** one finding a rule made on a resource: the rule id, or for a granular rule `Rule[Kind::value]`. */
export interface CoverageFinding {
  /** e.g. `AwsSolutions-S1` or `AwsSolutions-IAM5[Action::s3:*]` */
  readonly id: string;
  /**
   * true when cdk-nag itself dropped the finding because an acknowledgement names it without its
   * pack (`Annotation::AwsSolutions-S1`): the validation report then never sees it
   */
  readonly acknowledgedInPack: boolean;
}

/** a resource a rule found non-compliant (or threw on). */
export interface CoverageViolation {
  /** index into {@link CoverageDocument.resources} */
  readonly resource: number;
  readonly findings: readonly CoverageFinding[];
  /** the rule threw instead of answering (cdk-nag reports that as a finding of the rule) @default - it answered */
  readonly error?: string;
}

/** what one rule did over the whole app. */
export interface RuleCoverageRecord {
  /** the rule id, e.g. `AwsSolutions-S1` */
  readonly id: string;
  /** `Error` or `Warning`, as the pack gives it */
  readonly level: string;
  /** resources the rule did not apply to (another resource type, or a feature the resource does not use) */
  readonly notApplicable: number;
  /** indexes of the resources the rule checked and found compliant */
  readonly compliant: readonly number[];
  /** the resources it found non-compliant, with each finding */
  readonly nonCompliant: readonly CoverageViolation[];
}

/** one pack (validation plugin) as it ran. */
export interface PackCoverageRecord {
  /** the plugin name, as in `validation-report.json` */
  readonly name: string;
  /** how many CloudFormation resources its rules were applied to (whether or not any applied) */
  readonly resourcesVisited: number;
  /** every rule it applied, in order */
  readonly rules: readonly RuleCoverageRecord[];
}

/** the whole file. */
export interface CoverageDocument {
  readonly version: number;
  /** construct paths of the CloudFormation resources the packs were applied to */
  readonly resources: readonly string[];
  /** the packs that finished validating */
  readonly packs: readonly PackCoverageRecord[];
}
