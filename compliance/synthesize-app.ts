import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config';
import { buildApp } from '../pipeline/build-app';
import type { RawPluginReport } from '../cli/lib/report/raw-inputs';
import { readAssembly } from '../cli/lib/report/read-assembly';

/** the app as `cdk synth` builds it, synthesized with the compliance packs into a temporary directory. */
export interface SynthesizedApp {
  readonly app: App;
  /** the cloud assembly directory */
  readonly outdir: string;
  /** the plugin reports of its validation report */
  readonly plugins: readonly RawPluginReport[];
}

/** the context (feature flags) of the repository's cdk.json, which `cdk synth` gives the app. */
function cdkJsonContext(repoRoot: string): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/**
 * builds the real app from the repository's config file and cdk.json context, as `cdk synth` runs
 * bin/app.ts, and synthesizes it into a fresh temporary directory. Open findings make synth throw
 * after writing the validation report; that is not an error here, the caller reads them from `plugins`.
 */
export function synthesizeApp(repoRoot: string, configFile: string = DEFAULT_CONFIG_FILE): SynthesizedApp {
  const outdir = mkdtempSync(join(tmpdir(), 'mlpipe-compliance-'));
  const { app } = buildApp(loadConfig(join(repoRoot, configFile)), { outdir, context: cdkJsonContext(repoRoot) });
  try {
    app.synth();
  } catch (err) {
    if (!existsSync(join(outdir, VALIDATION_REPORT_FILE))) throw err;
  }
  return { app, outdir, plugins: readAssembly(outdir).plugins };
}
