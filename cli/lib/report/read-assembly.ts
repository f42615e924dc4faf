import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LEGACY_VALIDATION_REPORT_FILE, VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { COVERAGE_FILE } from '../../../compliance/coverage/coverage-format';
import { parseCoverage } from './parse-coverage';
import { parseValidationReport } from './parse-validation-report';
import type { RawAcknowledgement, RawStack, ReportInputs } from './raw-inputs';
import { ReportInputError } from './report-input-error';

/** the metadata type `Validations.of(x).acknowledge()` records (`Validations.ACKNOWLEDGED_RULES_METADATA_KEY`). */
export const ACKNOWLEDGED_RULES_METADATA_TYPE = 'aws:cdk:acknowledged-rules';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** a directory of the assembly: where it is on disk and how messages name it. */
interface Place {
  readonly dir: string;
  readonly label: string;
}

function readJson(place: Place, name: string, root: string): unknown {
  const file = join(place.label, name);
  let content: string;
  try {
    content = readFileSync(join(place.dir, name), 'utf8');
  } catch (err) {
    throw new ReportInputError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); re-run \`npx cdk synth\` to rewrite ${root}`);
  }
  try {
    return JSON.parse(content);
  } catch (err) {
    throw new ReportInputError(`${file} is not valid JSON (${(err as Error).message}); re-run \`npx cdk synth\` to rewrite ${root}`);
  }
}

function acknowledgementsIn(metadata: unknown): RawAcknowledgement[] {
  if (!isObject(metadata)) return [];
  const found: RawAcknowledgement[] = [];
  for (const [path, entries] of Object.entries(metadata)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (!isObject(entry) || entry.type !== ACKNOWLEDGED_RULES_METADATA_TYPE || !isObject(entry.data)) continue;
      const trace = Array.isArray(entry.trace) ? entry.trace.filter((l): l is string => typeof l === 'string') : [];
      for (const [id, reason] of Object.entries(entry.data)) {
        found.push({ constructPath: path.replace(/^\//, ''), id, reason: String(reason), trace });
      }
    }
  }
  return found;
}

function stackOf(id: string, artifact: Json, place: Place, root: string): RawStack {
  const properties = isObject(artifact.properties) ? artifact.properties : {};
  const acknowledgements = acknowledgementsIn(artifact.metadata);
  if (typeof artifact.additionalMetadataFile === 'string') {
    acknowledgements.push(...acknowledgementsIn(readJson(place, artifact.additionalMetadataFile, root)));
  }
  return {
    path: typeof artifact.displayName === 'string' ? artifact.displayName : id,
    stackName: typeof properties.stackName === 'string' ? properties.stackName : id,
    acknowledgements,
  };
}

/** every stack of the assembly in `dir` and of the nested assemblies (stages) it names. */
function readStacks(place: Place, root: string): RawStack[] {
  const manifest = readJson(place, 'manifest.json', root);
  if (!isObject(manifest) || !isObject(manifest.artifacts)) return [];
  const stacks: RawStack[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts)) {
    if (!isObject(artifact)) continue;
    if (artifact.type === 'aws:cloudformation:stack') stacks.push(stackOf(id, artifact, place, root));
    if (artifact.type === 'cdk:cloud-assembly' && isObject(artifact.properties) && typeof artifact.properties.directoryName === 'string') {
      const sub = artifact.properties.directoryName;
      stacks.push(...readStacks({ dir: join(place.dir, sub), label: join(place.label, sub) }, root));
    }
  }
  return stacks;
}

/** the validation report of the assembly: `validation-report.json`, or the legacy `policy-validation-report.json`. */
function findValidationReport(dir: string, root: string): string {
  const candidates = [VALIDATION_REPORT_FILE, LEGACY_VALIDATION_REPORT_FILE];
  const found = candidates.find((name) => existsSync(join(dir, name)));
  if (!found) {
    throw new ReportInputError(
      `no validation report in ${root} (looked for ${candidates.join(' and ')}); the app registers no validation plugin ` +
        'or synth stopped before validating: call registerNagPacks(app) in bin/app.ts and run `npx cdk synth`',
    );
  }
  return found;
}

/**
 * reads what the report is built from out of a synthesized cloud assembly directory; errors name
 * files under `label` (the directory as the user typed it).
 */
export function readAssembly(dir: string, label: string = dir): ReportInputs {
  const root = label;
  if (!existsSync(dir)) {
    throw new ReportInputError(`cloud assembly directory ${root} does not exist; run \`npx cdk synth\` first, or pass the directory: mlpipe report <dir>`);
  }
  if (!statSync(dir).isDirectory()) throw new ReportInputError(`${root} is not a directory; pass the cloud assembly directory (cdk.out)`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new ReportInputError(`${root} is not a cloud assembly (no manifest.json); run \`npx cdk synth\` first, or pass the directory cdk synth wrote`);
  }
  const place = { dir, label };
  const validationReportFile = findValidationReport(dir, root);
  const plugins = parseValidationReport(readJson(place, validationReportFile, root), join(label, validationReportFile));
  const coverage = existsSync(join(dir, COVERAGE_FILE)) ? parseCoverage(readJson(place, COVERAGE_FILE, root), join(label, COVERAGE_FILE)) : undefined;
  return { validationReportFile, plugins, stacks: readStacks(place, root), coverageFile: COVERAGE_FILE, coverage };
}
