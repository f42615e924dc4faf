import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import type { IApplyRule, NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { COVERAGE_FILE, COVERAGE_FORMAT_VERSION } from './coverage-format';
import type { CoverageDocument, CoverageFinding, CoverageViolation, PackCoverageRecord } from './coverage-format';

interface RuleTally {
  readonly id: string;
  readonly level: string;
  notApplicable: number;
  readonly compliant: number[];
  readonly nonCompliant: CoverageViolation[];
}

/** true when an acknowledgement on the resource or an ancestor names `ruleId` unqualified, as cdk-nag 3 checks before reporting. */
function acknowledgedInPack(resource: IConstruct, ruleId: string): boolean {
  for (let c: IConstruct | undefined = resource; c !== undefined; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || entry.data === null || typeof entry.data !== 'object') continue;
      if (Object.keys(entry.data as Record<string, unknown>).some((k) => k.replace(/^annotation::/i, '') === ruleId)) return true;
    }
  }
  return false;
}

/**
 * records what each rule of each pack answered for each resource while the packs validate, and
 * writes it as `compliance-coverage.json` into the cloud assembly (see coverage-format.ts) each time
 * a pack finishes. Packs report only findings; this is the other half: what was checked and passed.
 */
export class CoverageRecorder {
  private readonly resourceIndex = new Map<string, number>();
  private readonly resources: string[] = [];
  private readonly packs = new Map<string, Map<string, RuleTally>>();
  private readonly visited = new Map<string, Set<IConstruct>>();
  private readonly finished: string[] = [];

  /** @param outdir the cloud assembly directory, read when a pack finishes (an app's outdir is known only then for certain) */
  constructor(private readonly outdir: () => string) {}

  /** forgets an earlier run of the pack (a second synth) and starts a fresh one; the first pack of a synth also rewrites the file empty. */
  public startPack(pack: string): void {
    if (this.finished.length === 0 || this.finished.includes(pack)) {
      this.finished.length = 0;
      this.packs.clear();
      this.visited.clear();
      this.write();
    }
    this.packs.set(pack, new Map());
    this.visited.set(pack, new Set());
  }

  /** the rule of `params`, wrapped so its answer for each resource is recorded under `pack`. */
  public observe(pack: string, packPrefix: string, params: IApplyRule): IApplyRule {
    const suffix = params.ruleSuffixOverride ? params.ruleSuffixOverride : params.rule.name;
    const ruleId = `${packPrefix}-${suffix}`;
    const rule = params.rule;
    return {
      ...params,
      ruleSuffixOverride: suffix,
      rule: (node: CfnResource): NagRuleResult => {
        this.visit(pack, node);
        let result: NagRuleResult;
        try {
          result = rule(node);
        } catch (err) {
          this.tally(pack, ruleId, params.level).nonCompliant.push({
            resource: this.indexOf(node),
            findings: [{ id: ruleId, acknowledgedInPack: acknowledgedInPack(node, ruleId) }],
            error: (err as Error).message,
          });
          throw err;
        }
        this.record(pack, ruleId, params.level, node, result);
        return result;
      },
    };
  }

  /** marks the pack done and rewrites the file with every finished pack. */
  public finishPack(pack: string): void {
    if (!this.finished.includes(pack)) this.finished.push(pack);
    this.write();
  }

  /** the document as it would be written now. */
  public document(): CoverageDocument {
    const packs: PackCoverageRecord[] = this.finished.map((name) => ({
      name,
      resourcesVisited: this.visited.get(name)?.size ?? 0,
      rules: [...(this.packs.get(name)?.values() ?? [])].map((t) => ({ id: t.id, level: t.level, notApplicable: t.notApplicable, compliant: t.compliant, nonCompliant: t.nonCompliant })),
    }));
    return { version: COVERAGE_FORMAT_VERSION, resources: this.resources, packs };
  }

  private record(pack: string, ruleId: string, level: string, node: CfnResource, result: NagRuleResult): void {
    const tally = this.tally(pack, ruleId, level);
    if (result === NagRuleCompliance.NOT_APPLICABLE) {
      tally.notApplicable++;
    } else if (result === NagRuleCompliance.COMPLIANT || (Array.isArray(result) && result.length === 0)) {
      tally.compliant.push(this.indexOf(node));
    } else {
      const ids = Array.isArray(result) ? result.map((f) => `${ruleId}[${f}]`) : [ruleId];
      const findings: CoverageFinding[] = ids.map((id) => ({ id, acknowledgedInPack: acknowledgedInPack(node, id) }));
      tally.nonCompliant.push({ resource: this.indexOf(node), findings });
    }
  }

  private visit(pack: string, node: IConstruct): void {
    let nodes = this.visited.get(pack);
    if (nodes === undefined) {
      nodes = new Set();
      this.visited.set(pack, nodes);
    }
    nodes.add(node);
  }

  private tally(pack: string, ruleId: string, level: string): RuleTally {
    let rules = this.packs.get(pack);
    if (rules === undefined) {
      rules = new Map();
      this.packs.set(pack, rules);
    }
    let tally = rules.get(ruleId);
    if (tally === undefined) {
      tally = { id: ruleId, level, notApplicable: 0, compliant: [], nonCompliant: [] };
      rules.set(ruleId, tally);
    }
    return tally;
  }

  private indexOf(node: IConstruct): number {
    const path = node.node.path;
    let index = this.resourceIndex.get(path);
    if (index === undefined) {
      index = this.resources.length;
      this.resources.push(path);
      this.resourceIndex.set(path, index);
    }
    return index;
  }

  private write(): void {
    const dir = this.outdir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, COVERAGE_FILE), JSON.stringify(this.document()));
  }
}
