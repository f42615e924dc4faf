import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LabelledRows } from '../../model/src/labelled-data';

/** a channel's rows plus a digest of its bytes (checkpoints remember which data they were trained on). */
export interface ChannelData extends LabelledRows {
  readonly sha256: string;
  readonly files: readonly string[];
}

/** thrown when a channel's folder or CSV content is unusable; the message names the file and line. */
export class ChannelDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelDataError';
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/**
 * reads every file under `dir` (recursively, in name order, hidden files skipped) as headerless CSV:
 * the label in the first column, numeric features after it. All rows must have the same width.
 */
export async function readChannel(name: string, dir: string): Promise<ChannelData> {
  let files: string[];
  try {
    files = await listFiles(dir);
  } catch {
    throw new ChannelDataError(`channel '${name}' has no data: ${dir} does not exist; SageMaker puts channel '${name}' there when the training job's InputDataConfig has it`);
  }
  if (files.length === 0) throw new ChannelDataError(`channel '${name}' has no data: ${dir} holds no files`);
  const hash = createHash('sha256');
  const features: number[][] = [];
  const labels: string[] = [];
  let width = -1;
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    hash.update(`${path.relative(dir, file)}\0${text}\0`);
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '') continue;
      const where = `channel '${name}', ${path.relative(dir, file)} line ${i + 1}`;
      const cells = line.split(',').map((c) => c.trim());
      if (cells.length < 2) throw new ChannelDataError(`${where}: expected a label and at least one feature separated by commas, got '${line.slice(0, 80)}'`);
      if (width === -1) width = cells.length;
      if (cells.length !== width) throw new ChannelDataError(`${where}: has ${cells.length} columns but earlier rows have ${width}; every row needs the label and the same features`);
      if (cells[0] === '') throw new ChannelDataError(`${where}: the label (first column) is empty`);
      const row = new Array<number>(cells.length - 1);
      for (let c = 1; c < cells.length; c++) {
        const value = cells[c] === '' ? NaN : Number(cells[c]);
        if (!Number.isFinite(value)) throw new ChannelDataError(`${where}, column ${c + 1}: '${cells[c]}' is not a finite number`);
        row[c - 1] = value;
      }
      labels.push(cells[0]);
      features.push(row);
    }
  }
  if (features.length === 0) throw new ChannelDataError(`channel '${name}' has no rows: the files under ${dir} are empty`);
  return { features, labels, sha256: hash.digest('hex'), files };
}
