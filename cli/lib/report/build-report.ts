import { join } from 'node:path';
import type { Baseline } from './baseline-diff';
import { diffAgainstBaseline } from './baseline-diff';
import { buildCoverage, checkTotals } from './build-coverage';
import type { ComplianceReport, Finding, FindingStatus, PackSummary, SourceRepository, StackSummary, Totals } from './model';
import type { RawAcknowledgement, RawPluginReport, RawStack, RawViolation, ReportInputs } from './raw-inputs';
import { firstUserFrame, madeByLibrary } from './source-location';

/** what the report says about where and when it was made. */
export interface BuildReportOptions {
  /** the commit id the assembly was synthesized from */
  readonly commit: string;
  /** when the report is made */
  readonly generatedAt: Date;
  /** tool name -> version */
  readonly toolVersions: Readonly<Record<string, string>>;
  /** the assembly directory as the user named it */
  readonly assemblyDir: string;
  /** the directory source paths in stack traces are shown relative to */
  readonly sourceRoot: string;
  /**
   * the packs the app registers; a pack with nothing to report is absent from the validation
   * report, so these are listed (with zero totals) even then
   * @default - only the packs the validation report names
   */
  readonly expectedPacks?: readonly string[];
  /**
   * source files (relative to `sourceRoot`) of wrappers around `Validations.acknowledge`; their
   * frames are skipped so an acknowledgement's location is the line that called the wrapper
   * @default - none
   */
  readonly acknowledgeHelpers?: readonly string[];
  /**
   * the committed baseline of acknowledgements, to show what changed against it at the top
   * @default - no comparison; the report says so
   */
  readonly baseline?: Baseline;
  /**
   * where the commit's files can be browsed, to link each source location to the file at the commit
   * @default - locations are shown as text
   */
  readonly repository?: SourceRepository;
}

/** the construct path of the stack holding `path`: the longest stack path that prefixes it. */
function stackPathOf(path: string, stacks: readonly RawStack[]): string {
  let best = '';
  for (const stack of stacks) {
    if ((path === stack.path || path.startsWith(`${stack.path}/`)) && stack.path.length > best.length) best = stack.path;
  }
  return best;
}

/** splits `Namespace::Rule[Finding::x]` at the first `::` outside brackets. */
function splitQualifiedId(id: string): { namespace?: string; rule: string } {
  const bracket = id.indexOf('[');
  const separator = id.indexOf('::');
  if (separator === -1 || (bracket !== -1 && separator > bracket)) return { rule: id };
  return { namespace: id.slice(0, separator), rule: id.slice(separator + 2) };
}

function packOfAcknowledgement(id: string, packNames: readonly string[]): { pack: string; rule: string } {
  const { namespace, rule } = splitQualifiedId(id);
  if (namespace === undefined || namespace === 'Annotation') {
    const pack = packNames.filter((p) => rule.startsWith(`${p}-`)).sort((a, b) => b.length - a.length)[0];
    return { pack: pack ?? 'Construct Annotations', rule };
  }
  const pack = packNames.find((p) => p.replace(/ /g, '-') === namespace) ?? namespace.replace(/-/g, ' ');
  return { pack, rule };
}

function violationFindings(plugin: RawPluginReport, violation: RawViolation, status: FindingStatus, stacks: readonly RawStack[], options: BuildReportOptions): Finding[] {
  const s = violation.suppression;
  return violation.constructs.map((c) => ({
    pack: plugin.name,
    rule: violation.rule,
    severity: violation.severity,
    description: violation.description,
    stack: stackPathOf(c.constructPath, stacks),
    constructPath: c.constructPath,
    status,
    definedAt: firstUserFrame(c.traces, options.sourceRoot),
    acknowledgement: s && {
      id: s.id,
      reason: s.reason,
      constructPath: s.constructPath,
      location: firstUserFrame(s.trace, options.sourceRoot, options.acknowledgeHelpers),
      madeByLibrary: madeByLibrary(s.trace),
    },
  }));
}

function unmatchedFinding(ack: RawAcknowledgement, packNames: readonly string[], stacks: readonly RawStack[], options: BuildReportOptions): Finding {
  const { pack, rule } = packOfAcknowledgement(ack.id, packNames);
  return {
    pack,
    rule,
    severity: '',
    description: '',
    stack: stackPathOf(ack.constructPath, stacks),
    constructPath: ack.constructPath,
    status: 'unmatched-acknowledgement',
    acknowledgement: {
      id: ack.id,
      reason: ack.reason,
      constructPath: ack.constructPath,
      location: firstUserFrame(ack.trace, options.sourceRoot, options.acknowledgeHelpers),
      madeByLibrary: madeByLibrary(ack.trace),
    },
  };
}

const STATUS_ORDER: Record<FindingStatus, number> = { open: 0, acknowledged: 1, 'unmatched-acknowledgement': 2 };

function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    a.pack.localeCompare(b.pack) ||
    a.rule.localeCompare(b.rule) ||
    a.constructPath.localeCompare(b.constructPath)
  );
}

function totalsOf(findings: readonly Finding[]): Totals {
  return {
    open: findings.filter((f) => f.status === 'open').length,
    acknowledged: findings.filter((f) => f.status === 'acknowledged').length,
    unmatched: findings.filter((f) => f.status === 'unmatched-acknowledgement').length,
  };
}

/** joins the validation report and the assembly's acknowledgements into one report model. */
export function buildReport(inputs: ReportInputs, options: BuildReportOptions): ComplianceReport {
  const { plugins, stacks } = inputs;
  const packNames = [...new Set([...(options.expectedPacks ?? []), ...plugins.map((p) => p.name)])];
  const findings: Finding[] = [];
  const used = new Set<string>();
  for (const plugin of plugins) {
    for (const v of plugin.violations) findings.push(...violationFindings(plugin, v, 'open', stacks, options));
    for (const v of plugin.suppressed) {
      findings.push(...violationFindings(plugin, v, 'acknowledged', stacks, options));
      if (v.suppression) used.add(`${v.suppression.constructPath}\u0000${v.suppression.id}`);
    }
  }
  // a library's own precautionary acknowledgement (aws-cdk-lib records some on its constructs)
  // waives nothing when no finding matched it, so only the app's unmatched ones are listed
  for (const ack of stacks.flatMap((s) => s.acknowledgements)) {
    if (used.has(`${ack.constructPath}\u0000${ack.id}`) || madeByLibrary(ack.trace) !== undefined) continue;
    findings.push(unmatchedFinding(ack, packNames, stacks, options));
  }
  findings.sort(compareFindings);
  const coverage = buildCoverage(inputs.coverage, findings, options.expectedPacks ?? [], {
    coverageFile: join(options.assemblyDir, inputs.coverageFile),
    validationReportFile: join(options.assemblyDir, inputs.validationReportFile),
  });
  const allPacks = [...new Set([...packNames, ...coverage.keys(), ...findings.map((f) => f.pack)])];
  const packs: PackSummary[] = allPacks.map((name) => ({
    name,
    version: plugins.find((p) => p.name === name)?.version,
    ...totalsOf(findings.filter((f) => f.pack === name)),
    coverage: coverage.get(name),
  }));
  const checks = checkTotals(inputs.coverage, coverage);
  const stackSummaries: StackSummary[] = [...stacks]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((s) => ({ path: s.path, stackName: s.stackName, ...totalsOf(findings.filter((f) => f.stack === s.path)) }));
  const totals = totalsOf(findings);
  return {
    commit: options.commit,
    generatedAt: options.generatedAt.toISOString(),
    toolVersions: options.toolVersions,
    assemblyDir: options.assemblyDir,
    validationReportFile: inputs.validationReportFile,
    coverageFile: inputs.coverageFile,
    packs,
    checks,
    baseline: options.baseline && diffAgainstBaseline(stacks, options.baseline, options.sourceRoot, options.acknowledgeHelpers),
    repository: options.repository,
    stacks: stackSummaries,
    findings,
    totals,
    passed: totals.open === 0 && checks.resourcesChecked > 0,
  };
}
