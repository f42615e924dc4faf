import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';

/** the part of a cloud assembly's validation-report.json the tests read. */
interface ValidationReport {
  readonly pluginReports: readonly { readonly pluginName: string; readonly violations: readonly { readonly ruleName: string; readonly violatingConstructs: readonly { readonly constructPath: string }[] }[] }[];
}

/** one open finding of a synth: the plugin (pack), the rule and the construct it failed on. */
export interface SynthViolation {
  readonly pack: string;
  readonly rule: string;
  readonly path: string;
}

/**
 * synthesizes an app whose outdir is `outdir` and returns every open finding of its validation
 * report. A synth that fails because of findings (the packs block it) still returns them; a synth
 * that fails for another reason (no report written) rethrows.
 */
export function synthViolations(app: App, outdir: string): SynthViolation[] {
  const file = join(outdir, 'validation-report.json');
  try {
    app.synth();
  } catch (err) {
    if (!existsSync(file)) throw err;
  }
  const report: ValidationReport = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { pluginReports: [] };
  return report.pluginReports.flatMap((p) => p.violations.flatMap((v) => v.violatingConstructs.map((c) => ({ pack: p.pluginName, rule: v.ruleName, path: c.constructPath }))));
}
