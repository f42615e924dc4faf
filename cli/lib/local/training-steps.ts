import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CHECKPOINT_PREFIX } from '../training/model-checkpoints';
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
 * the drill's content address: a hash of its inputs (hyperparameters and channels), as a model's
 * training identity is a hash of what determines it. Its checkpoints go to `checkpoints/<identity>/`.
 */
async function drillIdentity(root: string): Promise<string> {
  const hash = createHash('sha256');
  const config = path.join(root, 'input', 'config');
  for (const file of (await fs.readdir(config)).sort()) hash.update(file).update(await fs.readFile(path.join(config, file)));
  return hash.digest('hex').slice(0, 32);
}

/** copies the checkpoint files of one folder into another (SageMaker's sync, both ways). */
async function copyCheckpoints(from: string, to: string): Promise<string[]> {
  await fs.mkdir(to, { recursive: true });
  const files = (await fs.readdir(from)).filter((f) => f.startsWith('checkpoint-')).sort();
  for (const file of files) await fs.copyFile(path.join(from, file), path.join(to, file));
  return files;
}

/**
 * the spot-interruption drill under `root` (same inputs as the reference run), played as two
 * training attempts of one model key: attempt 1 gets SIGTERM right after its first checkpoint
 * (exit 143, no model), and its checkpoints are synced to the key-addressed prefix
 * `<store>/checkpoints/<identity>/` (a folder beside `root` standing in for the models bucket);
 * attempt 2 is a new job on a fresh /opt/ml whose checkpoints folder is filled from that prefix, as
 * SageMaker fills /opt/ml/checkpoints from CheckpointConfig.S3Uri. It must resume from the newest
 * checkpoint, and its final model must be byte-identical to the reference.
 */
export async function spotDrill(runtime: ContainerRuntime, root: string, reference: TrainedModel, log: (line: string) => void): Promise<string> {
  const identity = await drillIdentity(root);
  const prefix = path.join(path.dirname(root), 'checkpoint-store', CHECKPOINT_PREFIX, identity);
  const first = runtime.train(root);
  const saved = await first.process.waitForLine(/^checkpoint: saved /, TRAIN_TIMEOUT_MS);
  await first.interrupt();
  log(`${saved.replace(/^checkpoint: /, 'attempt 1: first checkpoint ')}; sent SIGTERM`);
  const code = await first.process.waitForExit(120_000);
  const stopLine = first.process.lines.find((l) => l.startsWith('stop: exiting after epoch'));
  if (code !== EXIT_STOPPED || !stopLine) {
    throw new StepFailure(`the interrupted run exited with ${code}, expected ${EXIT_STOPPED} after writing a checkpoint${code === 0 ? ' (training finished before the interruption; raise --epochs or --rows)' : ''}`);
  }
  log(stopLine);
  if (await fs.access(path.join(root, 'model', 'model.json')).then(() => true, () => false)) throw new StepFailure('the interrupted run wrote a model; it must only checkpoint');
  const kept = await copyCheckpoints(path.join(root, 'checkpoints'), prefix);
  const newest = kept[kept.length - 1];
  const stoppedAt = Number(/epoch-(\d+)\.json$/.exec(newest ?? '')?.[1]);
  if (!newest || !(stoppedAt > 0)) throw new StepFailure(`no checkpoint left after the interruption (found: ${kept.join(', ') || 'none'})`);
  log(`attempt 1 synced ${kept.length} checkpoint(s) to the model key's prefix ${CHECKPOINT_PREFIX}${identity}/ (${prefix})`);

  const retry = `${root}-attempt-2`;
  await fs.cp(path.join(root, 'input'), path.join(retry, 'input'), { recursive: true });
  await copyCheckpoints(prefix, path.join(retry, 'checkpoints'));
  const second = runtime.train(retry);
  const resumed = await second.process.waitForLine(/^resume: /, TRAIN_TIMEOUT_MS);
  log(`attempt 2 (a new job on a fresh /opt/ml, checkpoints copied in from ${CHECKPOINT_PREFIX}${identity}/): ${resumed}`);
  if (!resumed.includes(`resumed from checkpoint ${newest} (epoch ${stoppedAt})`)) throw new StepFailure(`attempt 2 did not resume from ${newest} of ${CHECKPOINT_PREFIX}${identity}/: ${resumed}`);
  const secondCode = await second.process.waitForExit(TRAIN_TIMEOUT_MS);
  if (secondCode !== 0) throw new StepFailure(`the resumed run exited with ${secondCode}`);
  const digest = await modelDigest(path.join(retry, 'model'));
  if (digest !== reference.sha256) throw new StepFailure(`the resumed run's model (sha256 ${digest.slice(0, 12)}) differs from the uninterrupted run's (${reference.sha256.slice(0, 12)})`);
  return `SIGTERM after the first checkpoint; attempt 1 stopped at epoch ${stoppedAt} (exit 143) with its checkpoints at ${CHECKPOINT_PREFIX}${identity}/; attempt 2 resumed from epoch ${stoppedAt}; final model identical (sha256 ${digest.slice(0, 12)})`;
}
