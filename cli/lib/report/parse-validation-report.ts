import type { RawPluginReport, RawSuppression, RawViolatingConstruct, RawViolation } from './raw-inputs';
import { ReportInputError } from './report-input-error';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** the user frames of a legacy `constructStack` chain, deepest construct first. */
function legacyTrace(stack: unknown): string[] {
  const locations: string[] = [];
  for (let node = stack; isObject(node); node = node.child) {
    if (typeof node.location === 'string') locations.push(node.location);
  }
  return locations.reverse();
}

/** the resources of a violation, from `violatingConstructs` (current) or `violatingResources` (legacy). */
function constructsOf(violation: Json): RawViolatingConstruct[] {
  const constructs = list(violation.violatingConstructs).filter(isObject);
  if (constructs.length > 0) {
    return constructs.map((c) => ({
      constructPath: text(c.constructPath),
      traces: c.constructStack !== undefined ? [legacyTrace(c.constructStack).join('\n')] : list(c.stackTraces).map(text),
    }));
  }
  return list(violation.violatingResources)
    .filter(isObject)
    .map((r) => ({ constructPath: text(r.constructPath) || text(r.resourceLogicalId), traces: [] }));
}

function suppressionOf(violation: Json): RawSuppression | undefined {
  if (typeof violation.acknowledgedId !== 'string') return undefined;
  return {
    id: violation.acknowledgedId,
    reason: text(violation.reason),
    constructPath: text(violation.acknowledgedAt),
    trace: text(violation.acknowledgedStackTrace),
  };
}

function violationOf(value: unknown, where: string): RawViolation {
  if (!isObject(value) || typeof value.ruleName !== 'string') {
    throw new ReportInputError(`${where}: a violation has no ruleName; the file is not a CDK validation report, re-run \`npx cdk synth\``);
  }
  return {
    rule: value.ruleName,
    description: text(value.description),
    severity: text(value.severity),
    constructs: constructsOf(value),
    suppression: suppressionOf(value),
  };
}

function pluginOf(value: unknown, index: number, file: string): RawPluginReport {
  const where = `${file}: pluginReports[${index}]`;
  if (!isObject(value)) throw new ReportInputError(`${where} is not an object; re-run \`npx cdk synth\` to rewrite the file`);
  const summary = isObject(value.summary) ? value.summary : {};
  const name = text(value.pluginName) || text(summary.pluginName);
  if (!name) throw new ReportInputError(`${where} has no pluginName; re-run \`npx cdk synth\` to rewrite the file`);
  const version = text(value.pluginVersion) || text(summary.pluginVersion) || undefined;
  return {
    name,
    version,
    violations: list(value.violations).map((v) => violationOf(v, where)),
    suppressed: list(value.suppressedViolations).map((v) => violationOf(v, where)),
  };
}

/**
 * reads the plugin reports of a parsed validation report: the current `validation-report.json`
 * (with `violatingConstructs[].stackTraces` and `suppressedViolations`) or the legacy
 * `policy-validation-report.json` (`summary.pluginName`, `constructStack`, no suppressions).
 */
export function parseValidationReport(json: unknown, file: string): RawPluginReport[] {
  if (!isObject(json) || !Array.isArray(json.pluginReports)) {
    throw new ReportInputError(`${file} has no pluginReports list; it is not a CDK validation report, re-run \`npx cdk synth\` to rewrite it`);
  }
  return json.pluginReports.map((p, i) => pluginOf(p, i, file));
}
