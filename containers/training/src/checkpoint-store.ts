import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** what a checkpoint holds: enough to continue training exactly where it stopped. */
export interface CheckpointState {
  /** epochs completed */
  readonly epoch: number;
  /** (features + 1) x classes */
  readonly weights: readonly (readonly number[])[];
  /** digest of the data and the settings that shape training; a checkpoint only resumes a run with the same */
  readonly compatibility: string;
}

/** a checkpoint found on disk. */
export interface StoredCheckpoint {
  readonly epoch: number;
  readonly file: string;
}

/** the outcome of looking for a checkpoint to resume from. */
export interface ResumeSearch {
  /** the checkpoint to resume from; undefined when none is usable */
  readonly found: { readonly state: CheckpointState; readonly file: string } | undefined;
  /** the newer checkpoints that were skipped, with the reason */
  readonly skipped: readonly string[];
}

const FORMAT = 'softmax-regression-checkpoint/1';

/**
 * checkpoints of one host in SageMaker's checkpoint folder (/opt/ml/checkpoints, synced to S3).
 * File names carry the host, because all hosts of a job share one S3 prefix. Each file starts with a
 * sha256 line over its body, and is written to a temporary name and then renamed, so a reader sees a
 * whole checkpoint or none; a checkpoint that fails its checksum is skipped for the one before it.
 */
export class CheckpointStore {
  constructor(
    /** the checkpoint folder */
    readonly dir: string,
    /** this host's name, e.g. algo-1 */
    readonly host: string,
    /** how many of this host's checkpoints to keep */
    readonly keep: number,
  ) {}

  /** the file name of this host's checkpoint after `epoch` epochs. */
  fileName(epoch: number): string {
    return `checkpoint-${this.host}-epoch-${String(epoch).padStart(6, '0')}.json`;
  }

  /** writes a checkpoint atomically (temporary file, fsync, rename) and prunes old ones; returns its file name. */
  async save(state: CheckpointState): Promise<string> {
    await fs.mkdir(this.dir, { recursive: true });
    const body = JSON.stringify({ format: FORMAT, host: this.host, ...state });
    const digest = createHash('sha256').update(body).digest('hex');
    const name = this.fileName(state.epoch);
    const temporary = path.join(this.dir, `.${name}.${process.pid}.tmp`);
    const handle = await fs.open(temporary, 'w');
    try {
      await handle.writeFile(`sha256:${digest}\n${body}`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, path.join(this.dir, name));
    await this.prune();
    return name;
  }

  /** this host's checkpoints, newest first. */
  async list(): Promise<StoredCheckpoint[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const prefix = `checkpoint-${this.host}-epoch-`;
    return names
      .filter((n) => n.startsWith(prefix) && /^\d{6}\.json$/.test(n.slice(prefix.length)))
      .map((file) => ({ file, epoch: Number(file.slice(prefix.length, prefix.length + 6)) }))
      .sort((a, b) => b.epoch - a.epoch);
  }

  /** reads and verifies one checkpoint; throws with the reason when it is unusable. */
  async read(file: string): Promise<CheckpointState> {
    const text = await fs.readFile(path.join(this.dir, file), 'utf8');
    const newline = text.indexOf('\n');
    const header = newline === -1 ? text : text.slice(0, newline);
    const body = newline === -1 ? '' : text.slice(newline + 1);
    if (!header.startsWith('sha256:')) throw new Error('it has no sha256 header line');
    if (createHash('sha256').update(body).digest('hex') !== header.slice('sha256:'.length)) throw new Error('its sha256 does not match its content (truncated or corrupt)');
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (parsed.format !== FORMAT || typeof parsed.epoch !== 'number' || !Array.isArray(parsed.weights) || typeof parsed.compatibility !== 'string') {
      throw new Error(`it is not a ${FORMAT} checkpoint`);
    }
    return { epoch: parsed.epoch, weights: parsed.weights as number[][], compatibility: parsed.compatibility };
  }

  /**
   * the newest checkpoint that verifies, matches `compatibility` and is not past `maxEpoch`.
   * Skipped ones are reported, not deleted.
   */
  async findResumePoint(compatibility: string, maxEpoch: number): Promise<ResumeSearch> {
    const skipped: string[] = [];
    for (const candidate of await this.list()) {
      try {
        const state = await this.read(candidate.file);
        if (state.compatibility !== compatibility) throw new Error('it was written for other training data or settings');
        if (state.epoch > maxEpoch) throw new Error(`it is past the ${maxEpoch} epochs asked for`);
        return { found: { state, file: candidate.file }, skipped };
      } catch (error) {
        skipped.push(`${candidate.file}: ${(error as Error).message}`);
      }
    }
    return { found: undefined, skipped };
  }

  private async prune(): Promise<void> {
    const all = await this.list();
    for (const old of all.slice(this.keep)) await fs.rm(path.join(this.dir, old.file), { force: true });
  }
}
