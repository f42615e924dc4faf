import { execFileSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { COMPLIANCE_PACK_NAMES } from '../../compliance/pack-names';
import type { Command } from '../command';
import { withUsageErrors } from '../command';
import { ExitCode } from '../exit-codes';
import { parseCommandArgs } from '../lib/args';
import { jsonDocument, jsonError } from '../lib/json-output';
import { resolveCommitId } from '../lib/report/commit-id';
import { ReportInputError } from '../lib/report/report-input-error';
import { readToolVersions } from '../lib/report/tool-versions';
import { writeReports } from '../lib/report/write-reports';
import { lineageSources } from '../lib/lineage/lineage-sources';

const DEFAULT_ASSEMBLY = 'cdk.out';
const DEFAULT_OUT = 'reports/compliance';
/** the project's wrapper around Validations.acknowledge; a waiver's location is the line calling it. */
const ACKNOWLEDGE_HELPERS = ['compliance/acknowledge.ts'];

const HELP = `usage: mlpipe report [cdk.out] [--out ${DEFAULT_OUT}] [--commit SHA] [--json]

Builds the compliance report of a synthesized app from its cloud assembly: the open findings of
validation-report.json and every acknowledgement (with its reason and the source line where it was
made) from the stacks' metadata. Writes index.html, compliance.csv, compliance.junit.xml and
summary.md, and prints summary.md. Beside them, lineage.md and lineage.json list for each stage
model -> version -> training job -> commit -> data versions, and say where each value came from.

arguments:
  cdk.out          the cloud assembly directory (default: ${DEFAULT_ASSEMBLY})

flags:
  --out DIR        where the four files go (default: ${DEFAULT_OUT})
  --commit SHA     the commit to name in the report (default: $CODEBUILD_RESOLVED_SOURCE_VERSION,
                   else \`git rev-parse HEAD\`, else "unknown")
  --config FILE    the pipeline config, for the lineage's data versions (default: MLPIPE_CONFIG
                   or pipeline.yaml, when it exists)
  --training-report FILE  the Train step's report, for the lineage's versions, jobs and commits
                   (default: reports/training/report.json, when it exists)
  --json           print one JSON document instead of summary.md: {passed, commit, totals, packs,
                   stacks, files}, or on failure {error: {code, exitCode, message, service}}
  -h, --help       show this help

exit codes:
  0  the report is written and no finding is open
  1  the report is written and at least one finding is open (warnings included)
  2  bad command line
  4  the cloud assembly or its validation report is missing or malformed (the message says which)

examples:
  npx cdk synth && npx mlpipe report
  npx mlpipe report cdk.out --out reports/compliance --commit "$(git rev-parse HEAD)"
`;

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
      { out: { type: 'string' }, commit: { type: 'string' }, config: { type: 'string' }, 'training-report': { type: 'string' }, json: { type: 'boolean', default: false } },
      1,
    );
    const assembly = positionals[0] ?? DEFAULT_ASSEMBLY;
    const out = typeof values.out === 'string' ? values.out : DEFAULT_OUT;
    const commitFlag = typeof values.commit === 'string' ? values.commit : undefined;
    try {
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
        lineage: lineageSources(io.cwd, { config: values.config ?? io.env.MLPIPE_CONFIG, trainingReport: values['training-report'] }),
      });
      const files = Object.fromEntries(Object.entries({ ...written.files, ...written.lineageFiles }).map(([kind, file]) => [kind, relative(io.cwd, file)]));
      if (values.json) {
        const { passed, commit, totals, packs, stacks } = written.report;
        io.out(jsonDocument({ passed, commit, totals, packs, stacks, files }));
      } else {
        io.out(written.summary);
        io.out(`\nwrote ${Object.values(files).join(', ')}\n`);
      }
      return written.report.passed ? ExitCode.OK : ExitCode.FAILED;
    } catch (err) {
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
