import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LineProcess } from './line-process';
import { assemblyStackCount } from './assembly-stacks';
import type { ReportDocument } from './report-table';
import { formatReportTable } from './report-table';
import { StepFailure, StepSkipped } from './step-results';

const SYNTH_TIMEOUT_MS = 15 * 60_000;

/** `npx cdk synth --quiet --strict` (as `npm run synth`) in the repository: every stack, with the nag packs as a blocking gate. */
export async function synthesize(repoRoot: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  if (!(await fs.access(path.join(repoRoot, 'bin', 'app.ts')).then(() => true, () => false))) {
    throw new StepFailure('bin/app.ts is missing, so there is no app to synthesize');
  }
  log('npx cdk synth --quiet --strict (every stack, nag packs and CloudFormation validation as a blocking gate, warnings included)');
  const synth = new LineProcess('npx', ['cdk', 'synth', '--quiet', '--strict'], { cwd: repoRoot, env });
  const started = Date.now();
  const ticker = setInterval(() => log(`still synthesizing (${Math.round((Date.now() - started) / 1000)} s)`), 15_000);
  const code = await synth.waitForExit(SYNTH_TIMEOUT_MS).finally(() => clearInterval(ticker));
  if (code !== 0) {
    for (const line of synth.lines.slice(-25)) log(line);
    throw new StepFailure(`cdk synth exited with ${code}; its last lines are above`);
  }
  const stacks = await assemblyStackCount(path.join(repoRoot, 'cdk.out'));
  return `${stacks} stacks in cdk.out (counted from its manifest), no unacknowledged nag finding`;
}

/** `mlpipe report cdk.out` when that command exists: the compliance report of the synthesized app. */
export async function complianceReport(repoRoot: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  if (!(await fs.access(path.join(repoRoot, 'cli', 'commands', 'report.ts')).then(() => true, () => false))) {
    throw new StepSkipped('mlpipe report is not part of this checkout yet');
  }
  const report = new LineProcess(process.execPath, [path.join(repoRoot, 'bin', 'mlpipe.cjs'), 'report', 'cdk.out', '--json'], { cwd: repoRoot, env });
  const code = await report.waitForExit(5 * 60_000);
  let document: ReportDocument | undefined;
  try {
    // the JSON document is the whole of stdout; anything before it came from stderr
    document = JSON.parse(report.lines.slice(Math.max(0, report.lines.indexOf('{'))).join('\n')) as ReportDocument;
  } catch {
    for (const line of report.lines.slice(-25)) log(line);
  }
  if (document?.totals) for (const line of formatReportTable(document)) log(line);
  if (code !== 0) throw new StepFailure(`mlpipe report exited with ${code}${code === 1 ? ` (${document?.totals.open ?? 'some'} open findings)` : ''}`);
  return `mlpipe report cdk.out: ${document?.totals.acknowledged ?? '?'} acknowledged, no open finding`;
}
