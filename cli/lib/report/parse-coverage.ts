import { COVERAGE_FORMAT_VERSION } from '../../../compliance/coverage/coverage-format';
import type { CoverageDocument, CoverageViolation, PackCoverageRecord, RuleCoverageRecord } from '../../../compliance/coverage/coverage-format';
import { ReportInputError } from './report-input-error';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function indexes(value: unknown, resources: number, where: string): number[] {
  if (!Array.isArray(value) || !value.every((i) => Number.isInteger(i) && i >= 0 && i < resources)) {
    throw new ReportInputError(`${where} is not a list of resource indexes below ${resources}`);
  }
  return value as number[];
}

function violationOf(value: unknown, resources: number, where: string): CoverageViolation {
  if (!isObject(value) || !Array.isArray(value.findings)) throw new ReportInputError(`${where} has no findings list`);
  const [resource] = indexes([value.resource], resources, `${where}.resource`);
  const findings = value.findings.map((f, i) => {
    if (!isObject(f) || typeof f.id !== 'string') throw new ReportInputError(`${where}.findings[${i}] has no id`);
    return { id: f.id, acknowledgedInPack: f.acknowledgedInPack === true };
  });
  return { resource, findings, ...(typeof value.error === 'string' ? { error: value.error } : {}) };
}

function ruleOf(value: unknown, resources: number, where: string): RuleCoverageRecord {
  if (!isObject(value) || typeof value.id !== 'string') throw new ReportInputError(`${where} has no rule id`);
  if (!Number.isInteger(value.notApplicable)) throw new ReportInputError(`${where} (${value.id}) has no notApplicable count`);
  if (!Array.isArray(value.nonCompliant)) throw new ReportInputError(`${where} (${value.id}) has no nonCompliant list`);
  return {
    id: value.id,
    level: typeof value.level === 'string' ? value.level : '',
    notApplicable: value.notApplicable as number,
    compliant: indexes(value.compliant, resources, `${where}.compliant`),
    nonCompliant: value.nonCompliant.map((v, i) => violationOf(v, resources, `${where}.nonCompliant[${i}]`)),
  };
}

function packOf(value: unknown, resources: number, where: string): PackCoverageRecord {
  if (!isObject(value) || typeof value.name !== 'string' || !Array.isArray(value.rules)) throw new ReportInputError(`${where} has no name or rules list`);
  if (!Number.isInteger(value.resourcesVisited)) throw new ReportInputError(`${where} (${value.name}) has no resourcesVisited count`);
  return { name: value.name, resourcesVisited: value.resourcesVisited as number, rules: value.rules.map((r, i) => ruleOf(r, resources, `${where}.rules[${i}]`)) };
}

/** reads a parsed `compliance-coverage.json`; errors name `file` and what is wrong with it. */
export function parseCoverage(json: unknown, file: string): CoverageDocument {
  const fix = 're-run `npx cdk synth` to rewrite it';
  if (!isObject(json) || json.version !== COVERAGE_FORMAT_VERSION) {
    throw new ReportInputError(`${file} is not a version ${COVERAGE_FORMAT_VERSION} coverage file (version ${isObject(json) ? JSON.stringify(json.version) : 'missing'}); ${fix}`);
  }
  if (!Array.isArray(json.resources) || !json.resources.every((r) => typeof r === 'string') || !Array.isArray(json.packs)) {
    throw new ReportInputError(`${file} has no resources or packs list; ${fix}`);
  }
  const resources = json.resources as string[];
  try {
    return { version: COVERAGE_FORMAT_VERSION, resources, packs: json.packs.map((p, i) => packOf(p, resources.length, `${file}: packs[${i}]`)) };
  } catch (err) {
    if (err instanceof ReportInputError) throw new ReportInputError(`${err.message}; ${fix}`);
    throw err;
  }
}
