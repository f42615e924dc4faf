import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ContainerRuntime } from './container-runtime';
import { StepFailure } from './step-results';

const EXIT_STOPPED = 143;
const TRAIN_TIMEOUT_MS = 10 * 60_000;

/** what the reference training run produced. */
export interface TrainedModel {
  readonly modelDir: string;
  readonly validationAccuracy: number;
  readonly sha256: string;
}

async function modelDigest(modelDir: string): Promise<string> {
  const text = await fs.readFile(path.join(modelDir, 'model.json'));
  return createHash('sha256').update(text).digest('hex');
}

/** trains once, uninterrupted, under `root`; `log` sees every line (the epoch metrics are the progress). */
export async function trainReference(runtime: ContainerRuntime, root: string, log: (line: string) => void): Promise<TrainedModel> {
  const run = runtime.train(root);
  run.process.onLine((line) => log(line));
  const code = await run.process.waitForExit(TRAIN_TIMEOUT_MS);
  if (code !== 0) {
    const failure = await fs.readFile(path.join(root, 'output', 'failure'), 'utf8').catch(() => '');
    throw new StepFailure(`training exited with ${code}${failure ? `: ${failure.split('\n')[0]}` : ''}`);
  }
  const final = run.process.lines.map((l) => /final validation:accuracy=([0-9.]+);/.exec(l)).find((m) => m !== null);
  if (!final) throw new StepFailure('training exited 0 but printed no final validation:accuracy');
  const modelDir = path.join(root, 'model');
  return { modelDir, validationAccuracy: Number(final[1]), sha256: await modelDigest(modelDir) };
}

/**
 * the spot-interruption drill under `root` (same inputs as the reference run): SIGTERM right after the
 * first checkpoint, check the exit (143) and that no model was written, restart, check the run
 * resumed from the newest checkpoint, and check the final model is byte-identical to the reference.
 */
export async function spotDrill(runtime: ContainerRuntime, root: string, reference: TrainedModel, log: (line: string) => void): Promise<string> {
  const first = runtime.train(root);
  const saved = await first.process.waitForLine(/^checkpoint: saved /, TRAIN_TIMEOUT_MS);
  await first.interrupt();
  log(`${saved.replace(/^checkpoint: /, 'first checkpoint ')}; sent SIGTERM`);
  const code = await first.process.waitForExit(120_000);
  const stopLine = first.process.lines.find((l) => l.startsWith('stop: exiting after epoch'));
  if (code !== EXIT_STOPPED || !stopLine) {
    throw new StepFailure(`the interrupted run exited with ${code}, expected ${EXIT_STOPPED} after writing a checkpoint${code === 0 ? ' (training finished before the interruption; raise --epochs or --rows)' : ''}`);
  }
  log(stopLine);
  if (await fs.access(path.join(root, 'model', 'model.json')).then(() => true, () => false)) throw new StepFailure('the interrupted run wrote a model; it must only checkpoint');
  const kept = (await fs.readdir(path.join(root, 'checkpoints'))).filter((f) => f.startsWith('checkpoint-')).sort();
  const newest = kept[kept.length - 1];
  const stoppedAt = Number(/epoch-(\d+)\.json$/.exec(newest ?? '')?.[1]);
  if (!newest || !(stoppedAt > 0)) throw new StepFailure(`no checkpoint left after the interruption (found: ${kept.join(', ') || 'none'})`);

  const second = runtime.train(root);
  const resumed = await second.process.waitForLine(/^resume: /, TRAIN_TIMEOUT_MS);
  log(resumed);
  if (!resumed.includes(`resumed from checkpoint ${newest} (epoch ${stoppedAt})`)) throw new StepFailure(`the restart did not resume from ${newest}: ${resumed}`);
  const secondCode = await second.process.waitForExit(TRAIN_TIMEOUT_MS);
  if (secondCode !== 0) throw new StepFailure(`the resumed run exited with ${secondCode}`);
  const digest = await modelDigest(path.join(root, 'model'));
  if (digest !== reference.sha256) throw new StepFailure(`the resumed run's model (sha256 ${digest.slice(0, 12)}) differs from the uninterrupted run's (${reference.sha256.slice(0, 12)})`);
  return `SIGTERM after the first checkpoint; stopped at epoch ${stoppedAt} (exit 143); resumed from epoch ${stoppedAt}; final model identical (sha256 ${digest.slice(0, 12)})`;
}
