import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Baseline } from '../monitoring/baseline-statistics';
import { baselineFigures, baselineOf } from '../monitoring/baseline-statistics';

/** what the baseline step computed and wrote. */
export interface LocalBaseline {
  readonly baseline: Baseline;
  /** the folder holding statistics.json and constraints.json */
  readonly dir: string;
  /** one line per column, as printed */
  readonly figures: readonly string[];
}

/**
 * computes the data-quality baseline of a training root's train channel (headerless CSV, label
 * first) in the shape of Model Monitor's statistics.json and constraints.json, writes both to
 * `outDir`, and prints the figures: what the monitoring schedule will compare the endpoint's
 * captured traffic with.
 */
export async function localBaseline(trainingRoot: string, featureNames: readonly string[], outDir: string, log: (line: string) => void): Promise<LocalBaseline> {
  const channel = path.join(trainingRoot, 'input', 'data', 'train');
  const files = (await fs.readdir(channel)).filter((f) => f.endsWith('.csv')).sort();
  if (files.length === 0) throw new Error(`the train channel ${channel} has no .csv file; the baseline is computed from the training data`);
  const csv = (await Promise.all(files.map((f) => fs.readFile(path.join(channel, f), 'utf8')))).join('\n');
  const baseline = baselineOf(csv);
  await fs.mkdir(outDir, { recursive: true });
  await fs.writeFile(path.join(outDir, 'statistics.json'), `${JSON.stringify(baseline.statistics, null, 2)}\n`);
  await fs.writeFile(path.join(outDir, 'constraints.json'), `${JSON.stringify(baseline.constraints, null, 2)}\n`);
  const figures = baselineFigures(baseline, ['label', ...featureNames]);
  for (const line of figures) log(line);
  return { baseline, dir: outDir, figures };
}
