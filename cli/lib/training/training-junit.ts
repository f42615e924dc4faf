import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { escapeXml } from '../report/escape';
import type { ModelTrainingReport, TrainingReport } from './training-report';
import { costLine, isFailure, resumeLine } from './training-report';

/** where the training step writes the JUnit form of its report (the CodeBuild report of the Train step). */
export const DEFAULT_JUNIT_NAME = 'training.junit.xml';

function testCase(model: ModelTrainingReport): string {
  const name = `model ${model.model}`;
  const seconds = model.cost?.trainingSeconds ?? 0;
  const open = `    <testcase classname="mlpipe.train" name="${escapeXml(name)}" time="${seconds}">`;
  if (model.outcome === 'skipped') {
    return `${open}\n      <skipped message="${escapeXml(`${model.modelKey} exists, made by job ${model.trainingJob ?? '(unknown)'}; not retrained`)}"/>\n    </testcase>`;
  }
  // what the job cost and how it ran: billable and wall seconds, savings, interruptions, attached, resumed
  const run = [
    model.attached ? `attached to job ${model.trainingJob ?? '(unknown)'} started by another run` : undefined,
    model.resumedFrom ? resumeLine(model.resumedFrom, model.checkpointUri) : undefined,
    model.cost ? costLine(model) : undefined,
    model.stop ? `stopped by ${model.stop.signal}: ${model.stop.summary}` : undefined,
  ].filter((x) => x !== undefined);
  if (isFailure(model.outcome)) {
    const why = model.failure ?? model.metric?.message ?? model.outcome;
    const out = run.length > 0 ? `\n      <system-out>${escapeXml(run.join('\n'))}</system-out>` : '';
    return `${open}\n      <failure type="${escapeXml(model.outcome)}" message="${escapeXml(why.split('\n')[0])}">${escapeXml(why)}</failure>${out}\n    </testcase>`;
  }
  const detail = [`trained by job ${model.trainingJob ?? '(unknown)'}`, model.metric?.message].filter((x) => x !== undefined).join('; ');
  return `${open}\n      <system-out>${escapeXml([`${model.modelKey}: ${detail}`, ...run].join('\n'))}</system-out>\n    </testcase>`;
}

/**
 * the training report as JUnit XML, one test case per model of the catalogue: passed (trained and
 * published), skipped (its key existed; the message names the job that made it) or failed (why).
 * CodeBuild shows it as the Train step's test report.
 */
export function renderTrainingJunit(report: TrainingReport): string {
  const failures = report.models.filter((m) => isFailure(m.outcome)).length;
  const skipped = report.models.filter((m) => m.outcome === 'skipped').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="training" tests="${report.models.length}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="model catalogue" tests="${report.models.length}" failures="${failures}" skipped="${skipped}">`,
    ...report.models.map(testCase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** writes the JUnit form of the report next to the JSON report (`<dir of report>/training.junit.xml`). */
export async function writeTrainingJunit(reportPath: string, report: TrainingReport): Promise<void> {
  await writeFile(join(dirname(reportPath), DEFAULT_JUNIT_NAME), renderTrainingJunit(report));
}
