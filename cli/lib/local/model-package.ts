import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { create, extract } from 'tar';

/**
 * packs the files of `modelDir` into `tarFile` as SageMaker does with /opt/ml/model: a gzipped tar
 * with the files at its top level. Portable headers and a fixed mtime make equal models give equal
 * archives. Returns the archive's size and sha256.
 */
export async function packageModel(modelDir: string, tarFile: string): Promise<{ readonly bytes: number; readonly sha256: string }> {
  const files = (await fs.readdir(modelDir)).filter((f) => !f.startsWith('.')).sort();
  await create({ gzip: true, file: tarFile, cwd: modelDir, portable: true, mtime: new Date(0) }, files);
  const data = await fs.readFile(tarFile);
  return { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

/** unpacks `tarFile` into `modelDir`, as SageMaker unpacks ModelDataUrl into /opt/ml/model before the container starts. */
export async function unpackModel(tarFile: string, modelDir: string): Promise<string[]> {
  await fs.mkdir(modelDir, { recursive: true });
  await extract({ file: tarFile, cwd: modelDir, strict: true });
  return (await fs.readdir(modelDir)).sort();
}

/** the path of the model archive inside a work folder. */
export function modelArchivePath(workDir: string): string {
  return path.join(workDir, 'model.tar.gz');
}
