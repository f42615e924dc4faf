import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG_FILE, formatProblem, loadConfig } from '../../config';
import { COMPLIANCE_PACK_NAMES } from '../../compliance/pack-names';
import type { Command } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs } from '../lib/args';
import { jsonDocument, jsonError } from '../lib/json-output';
import type { Baseline } from '../lib/report/baseline-diff';
import { readBaselineFile } from '../lib/report/baseline-diff';
import { resolveCommitId } from '../lib/report/commit-id';
import type { SourceRepository } from '../lib/report/model';
import { ReportInputError } from '../lib/report/report-input-error';
import { sourceRepository } from '../lib/report/source-repository';
import { readToolVersions } from '../lib/report/tool-versions';
import { writeReports } from '../lib/report/write-reports';
import { lineageSources } from '../lib/lineage/lineage-sources';

const DEFAULT_ASSEMBLY = 'cdk.out';
const DEFAULT_OUT = 'reports/compliance';
const DEFAULT_BASELINE = 'compliance/acknowledgements.baseline.json';
/** the project's wrapper around Validations.acknowledge; a waiver's location is the line calling it. */
const ACKNOWLEDGE_HELPERS = ['compliance/acknowledge.ts'];

const HELP = `usage: mlpipe report [cdk.out] [--out ${DEFAULT_OUT}] [--commit SHA] [--baseline FILE] [--config FILE]
                    [--training-report FILE] [--json]

Builds the compliance report of a synthesized app from its cloud assembly: what every rule of every
pack checked (compliance-coverage.json), the open findings of validation-report.json, every
acknowledgement (with its reason and the source line where it was made) from the stacks' metadata,
and what changed against the committed baseline of acknowledgements. Writes index.html,
compliance.csv, coverage.csv, compliance.junit.xml and summary.md, and prints summary.md. Beside
them, lineage.md and lineage.json list for each stage model -> version -> training job -> commit ->
data versions, and say where each value came from.

arguments:
  cdk.out          the cloud assembly directory (default: ${DEFAULT_ASSEMBLY})

flags:
  --out DIR        where the report files go (default: ${DEFAULT_OUT})
  --commit SHA     the commit to name in the report (default: $CODEBUILD_RESOLVED_SOURCE_VERSION,
                   else \`git rev-parse HEAD\`, else "unknown")
  --baseline FILE  the acknowledgements to compare with (default: ${DEFAULT_BASELINE},
                   not compared when that file does not exist)
  --config FILE    the config whose source section links source locations to the files at the
                   commit (default: $MLPIPE_CONFIG, else pipeline.yaml; no links when it does not exist);
                   also the source of the lineage's data versions
  --training-report FILE  the Train step's report, for the lineage's versions, jobs and commits
                   (default: reports/training/report.json, when it exists)
  --json           print one JSON document instead of summary.md: {passed, commit, totals, packs,
                   stacks, files}, or on failure {error: {code, exitCode, message, service}}
  -h, --help       show this help

exit codes:
  0  the report is written, no finding is open and at least one resource was checked
  1  the report is written and at least one finding is open (warnings included), or nothing was checked
  2  bad command line
  3  the config given is missing or invalid
  4  the cloud assembly, its validation report or coverage file, or the baseline is missing or
     malformed, or the coverage does not match the validation report (the message says which)

examples:
  npx cdk synth && npx mlpipe report
  npx mlpipe report cdk.out --out reports/compliance --commit "$(git rev-parse HEAD)"
  npx mlpipe report cdk.out --baseline compliance/acknowledgements.baseline.json
`;

/** the baseline to compare with: the one named, or the default when it exists. */
function baselineOf(flag: string | undefined, cwd: string): Baseline | undefined {
  const file = flag ?? DEFAULT_BASELINE;
  if (flag === undefined && !existsSync(resolve(cwd, file))) return undefined;
  return readBaselineFile(resolve(cwd, file), file);
}

/** the repository to link source locations into, from the config's source section when the config exists. */
function repositoryOf(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): SourceRepository | undefined {
  const file = resolve(cwd, flag ?? env.MLPIPE_CONFIG ?? DEFAULT_CONFIG_FILE);
  if (flag === undefined && !existsSync(file)) return undefined;
  const config = loadConfig(file);
  return sourceRepository(config.source, config.tooling.region);
}

function gitHead(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
  } catch {
    return undefined;
  }
}

export const reportCommand: Command = withUsageErrors({
  name: 'report',
  summary: 'write the compliance report (HTML, CSV, JUnit, Markdown) from cdk.out',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { out: { type: 'string' }, commit: { type: 'string' }, baseline: { type: 'string' }, config: { type: 'string' }, 'training-report': { type: 'string' }, json: { type: 'boolean', default: false } },
      1,
    );
    const assembly = positionals[0] ?? DEFAULT_ASSEMBLY;
    const out = typeof values.out === 'string' ? values.out : DEFAULT_OUT;
    const commitFlag = typeof values.commit === 'string' ? values.commit : undefined;
    try {
      const repository = repositoryOf(typeof values.config === 'string' ? values.config : undefined, io.env, io.cwd);
      const written = writeReports({
        assemblyDir: resolve(io.cwd, assembly),
        assemblyLabel: assembly,
        outDir: resolve(io.cwd, out),
        commit: resolveCommitId(commitFlag, io.env, () => gitHead(io.cwd)),
        generatedAt: new Date(),
        toolVersions: { ...readToolVersions(io.cwd), node: process.version },
        sourceRoot: io.cwd,
        expectedPacks: COMPLIANCE_PACK_NAMES,
        acknowledgeHelpers: ACKNOWLEDGE_HELPERS,
        baseline: baselineOf(typeof values.baseline === 'string' ? values.baseline : undefined, io.cwd),
        repository,
        lineage: lineageSources(io.cwd, { config: values.config ?? io.env.MLPIPE_CONFIG, trainingReport: values['training-report'] }),
      });
      const files = Object.fromEntries(Object.entries({ ...written.files, ...written.lineageFiles }).map(([kind, file]) => [kind, relative(io.cwd, file)]));
      if (values.json) {
        const { passed, commit, totals, checks, stacks, baseline } = written.report;
        // each pack's figures without its per-rule list (that is coverage.csv)
        const packs = written.report.packs.map(({ coverage, ...p }) => (coverage ? { ...p, coverage: Object.fromEntries(Object.entries(coverage).filter(([k]) => k !== 'rules')) } : p));
        const changes = baseline && { file: baseline.file, added: baseline.added.length, removed: baseline.removed.length, reasonChanged: baseline.reasonChanged.length };
        io.out(jsonDocument({ passed, commit, totals, checks, packs, stacks, baseline: changes, files }));
      } else {
        io.out(written.summary);
        io.out(`\nwrote ${Object.values(files).join(', ')}\n`);
      }
      return written.report.passed ? ExitCode.OK : ExitCode.FAILED;
    } catch (err) {
      if (err instanceof ConfigError) {
        const message = `mlpipe report: ${err.file}: ${err.problems.map(formatProblem).join('; ')}`;
        if (values.json) io.out(jsonError({ code: 'Config', exitCode: ExitCode.CONFIG, message }));
        else io.err(`${message}\n`);
        return ExitCode.CONFIG;
      }
      if (!(err instanceof ReportInputError)) throw err;
      if (values.json) {
        io.out(jsonError({ code: 'ReportInput', exitCode: ExitCode.INPUT, message: `mlpipe report: ${err.message}` }));
        return ExitCode.INPUT;
      }
      io.err(`mlpipe report: ${err.message}\n`);
      return ExitCode.INPUT;
    }
  },
});
