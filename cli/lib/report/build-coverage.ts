import type { CoverageDocument, RuleCoverageRecord } from '../../../compliance/coverage/coverage-format';
import type { CheckTotals, Finding, PackCoverage, RuleCoverage } from './model';
import { ReportInputError } from './report-input-error';

/** where the two files the coverage is checked against are, as the user named them. */
export interface CoverageFiles {
  readonly coverageFile: string;
  readonly validationReportFile: string;
}

type ResourceState = 'passed' | 'acknowledged' | 'open';

/** a resource is as bad as its worst rule. */
const RANK: Record<ResourceState, number> = { passed: 0, acknowledged: 1, open: 2 };

const RESYNTH = 'both files come from one synth; re-run `npx cdk synth` to rewrite them';

function key(rule: string, path: string): string {
  return `${rule}\u0000${path}`;
}

/** the state of each resource a rule checked, looked up in the findings of the validation report. */
function ruleStates(pack: string, rule: RuleCoverageRecord, resources: readonly string[], findings: ReadonlyMap<string, Finding>, seen: Set<string>, files: CoverageFiles): Map<number, ResourceState> {
  const states = new Map<number, ResourceState>();
  for (const index of rule.compliant) states.set(index, 'passed');
  for (const violation of rule.nonCompliant) {
    const path = resources[violation.resource];
    let state: ResourceState = 'acknowledged';
    for (const f of violation.findings) {
      const finding = findings.get(key(f.id, path));
      if (finding === undefined && !f.acknowledgedInPack) {
        throw new ReportInputError(
          `${files.coverageFile} does not match ${files.validationReportFile}: pack ${pack} found ${f.id} on ${path}, but the validation report has no such finding; ${RESYNTH}`,
        );
      }
      if (finding !== undefined) seen.add(key(f.id, path));
      if (finding?.status === 'open') state = 'open';
    }
    states.set(violation.resource, state);
  }
  return states;
}

function ruleCoverage(rule: RuleCoverageRecord, states: ReadonlyMap<number, ResourceState>): RuleCoverage {
  const count = (s: ResourceState) => [...states.values()].filter((v) => v === s).length;
  return {
    rule: rule.id,
    level: rule.level,
    checked: states.size,
    passed: count('passed'),
    acknowledged: count('acknowledged'),
    open: count('open'),
    notApplicable: rule.notApplicable,
    errors: rule.nonCompliant.filter((v) => v.error !== undefined).length,
  };
}

/**
 * what each pack of the coverage file checked, joined with the findings of the validation report.
 * Fails when an expected pack has no coverage, or the two files disagree about a finding (one is
 * stale), so a report can never show "0 open" for rules that did not run.
 */
export function buildCoverage(coverage: CoverageDocument | undefined, findings: readonly Finding[], expectedPacks: readonly string[], files: CoverageFiles): Map<string, PackCoverage> {
  if (coverage === undefined) {
    throw new ReportInputError(
      `no ${files.coverageFile}: the report cannot show what was checked. Register the packs with registerNagPacks (compliance/register-nag.ts), ` +
        'which records every rule evaluation, and run `npx cdk synth`',
    );
  }
  const result = new Map<string, PackCoverage>();
  for (const pack of coverage.packs) {
    const byKey = new Map(findings.filter((f) => f.pack === pack.name && f.status !== 'unmatched-acknowledgement').map((f) => [key(f.rule, f.constructPath), f]));
    const seen = new Set<string>();
    const resourceStates = new Map<number, ResourceState>();
    const rules = pack.rules.map((rule) => {
      const states = ruleStates(pack.name, rule, coverage.resources, byKey, seen, files);
      for (const [index, state] of states) {
        const before = resourceStates.get(index);
        if (before === undefined || RANK[state] > RANK[before]) resourceStates.set(index, state);
      }
      return ruleCoverage(rule, states);
    });
    const unseen = [...byKey.values()].find((f) => !seen.has(key(f.rule, f.constructPath)));
    if (unseen !== undefined) {
      throw new ReportInputError(
        `${files.coverageFile} does not match ${files.validationReportFile}: the validation report has ${unseen.rule} on ${unseen.constructPath} from pack ${pack.name}, which the coverage does not record; ${RESYNTH}`,
      );
    }
    const count = (s: ResourceState) => [...resourceStates.values()].filter((v) => v === s).length;
    result.set(pack.name, {
      rulesRun: rules.length,
      rulesApplied: rules.filter((r) => r.checked > 0).length,
      resourcesVisited: pack.resourcesVisited,
      resourcesChecked: resourceStates.size,
      resourcesPassed: count('passed'),
      resourcesAcknowledged: count('acknowledged'),
      resourcesOpen: count('open'),
      rules: [...rules].sort((a, b) => Number(b.checked > 0) - Number(a.checked > 0) || a.rule.localeCompare(b.rule)),
    });
  }
  const missing = expectedPacks.filter((p) => !result.has(p));
  if (missing.length > 0) {
    throw new ReportInputError(
      `${files.coverageFile} has no coverage of ${missing.join(', ')}: the pack did not finish validating, or was registered without registerNagPacks; re-run \`npx cdk synth\``,
    );
  }
  return result;
}

/** totals over the packs; resources are counted once however many packs checked them. */
export function checkTotals(coverage: CoverageDocument | undefined, packs: ReadonlyMap<string, PackCoverage>): CheckTotals {
  const checkedResources = new Set<number>();
  for (const pack of coverage?.packs ?? []) {
    for (const rule of pack.rules) {
      for (const i of rule.compliant) checkedResources.add(i);
      for (const v of rule.nonCompliant) checkedResources.add(v.resource);
    }
  }
  const all = [...packs.values()];
  const rules = all.flatMap((p) => p.rules);
  return {
    rulesRun: all.reduce((n, p) => n + p.rulesRun, 0),
    rulesApplied: all.reduce((n, p) => n + p.rulesApplied, 0),
    resourcesChecked: checkedResources.size,
    checks: rules.reduce((n, r) => n + r.checked, 0),
    checksPassed: rules.reduce((n, r) => n + r.passed, 0),
  };
}
