import type { CoverageDocument } from '../../../compliance/coverage/coverage-format';
/** a resource a violation is about, as the validation report lists it. */
export interface RawViolatingConstruct {
  /** its construct path, e.g. `Top/Bucket/Resource` */
  readonly constructPath: string;
  /** stack traces of its creation (user frames), newest first; may be empty */
  readonly traces: readonly string[];
}

/** an acknowledgement the validation report says suppressed a violation. */
export interface RawSuppression {
  /** the qualified id, e.g. `AwsSolutions::AwsSolutions-S1` */
  readonly id: string;
  readonly reason: string;
  /** the construct path it was made on; empty for the app */
  readonly constructPath: string;
  /** the stack trace of the acknowledge call; may be empty */
  readonly trace: string;
}

/** one rule's violation as reported by one plugin. */
export interface RawViolation {
  readonly rule: string;
  readonly description: string;
  /** `error`, `warning`, ... or empty when the plugin gave none */
  readonly severity: string;
  readonly constructs: readonly RawViolatingConstruct[];
  /** set when the violation was suppressed by an acknowledgement */
  readonly suppression?: RawSuppression;
}

/** one plugin (pack) section of the validation report. */
export interface RawPluginReport {
  readonly name: string;
  /** @default - the plugin gave no version */
  readonly version?: string;
  readonly violations: readonly RawViolation[];
  readonly suppressed: readonly RawViolation[];
}

/** an `aws:cdk:acknowledged-rules` entry of a stack's metadata. */
export interface RawAcknowledgement {
  /** the construct path it was made on (no leading slash) */
  readonly constructPath: string;
  /** the id as recorded, e.g. `Annotation::AwsSolutions-S1` */
  readonly id: string;
  readonly reason: string;
  /** the recorded stack trace lines; may be empty */
  readonly trace: readonly string[];
}

/** one CloudFormation stack of the assembly (nested assemblies included). */
export interface RawStack {
  /** its construct path, e.g. `Prod/Endpoint` */
  readonly path: string;
  /** its CloudFormation name */
  readonly stackName: string;
  /** the acknowledgements recorded in its metadata */
  readonly acknowledgements: readonly RawAcknowledgement[];
}

/** what the report is built from. */
export interface ReportInputs {
  /** the validation report file, relative to the assembly directory */
  readonly validationReportFile: string;
  readonly plugins: readonly RawPluginReport[];
  readonly stacks: readonly RawStack[];
  /** the coverage file, relative to the assembly directory */
  readonly coverageFile: string;
  /** what the packs checked @default - the assembly has no coverage file: the report fails, naming the fix */
  readonly coverage?: CoverageDocument;
}
