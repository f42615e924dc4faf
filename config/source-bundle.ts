import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

/** the most a sourceDir may hold: code, not data (data goes in the channels). */
export const MAX_SOURCE_BYTES = 50 * 1024 * 1024;

/** what the packer leaves out: caches and hidden files, which change without the code changing. */
function skipped(name: string): boolean {
  return name.startsWith('.') || name === '__pycache__' || name.endsWith('.pyc') || name === 'node_modules';
}

/** a model's packed source directory: its files, and the hash of the archive that holds them. */
export interface SourceBundle {
  /** the directory, absolute */
  readonly dir: string;
  /** the files packed, relative to `dir` with `/`, sorted */
  readonly files: readonly string[];
  /** sha256 (hex) of the uncompressed tar: the content address that joins the training identity */
  readonly sha256: string;
}

/** a sourceDir that cannot be packed (the message says why and what to do). */
export class SourceBundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceBundleError';
  }
}

/** the files of `dir`, relative and sorted by their bytes (the same order on every machine). */
function listFiles(dir: string, relative = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, relative))) {
    if (skipped(name)) continue;
    const rel = relative === '' ? name : `${relative}/${name}`;
    const stat = lstatSync(path.join(dir, rel));
    if (stat.isSymbolicLink()) throw new SourceBundleError(`${rel} in ${dir} is a symbolic link; copy the file into the source directory (links are not packed, so the hash would not cover their target)`);
    if (stat.isDirectory()) out.push(...listFiles(dir, rel));
    else if (stat.isFile()) out.push(rel);
  }
  return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** one ustar header: fixed mode 0644, owner 0, mtime 0, so the same files always give the same bytes. */
function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(512, 0);
  const bytes = Buffer.from(name, 'utf8');
  let prefix = Buffer.alloc(0);
  let base = bytes;
  if (bytes.length > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new SourceBundleError(`path ${name} is too long for a tar entry (at most 100 characters after the last "/" and 255 in all); shorten it`);
    prefix = Buffer.from(name.slice(0, cut), 'utf8');
    base = Buffer.from(name.slice(cut + 1), 'utf8');
  }
  base.copy(block, 0);
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0';
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  prefix.copy(block, 345);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/** the uncompressed tar of a directory's files (see listFiles), deterministic. */
function tarOf(dir: string, files: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  for (const file of files) {
    const data = readFileSync(path.join(dir, file));
    total += data.length;
    if (total > MAX_SOURCE_BYTES) throw new SourceBundleError(`${dir} holds more than ${MAX_SOURCE_BYTES / 1024 / 1024} MB; a sourceDir holds code only: put data in a channel and leave large files out`);
    parts.push(header(file, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

function checkedDir(dir: string): void {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (stat === undefined) throw new SourceBundleError(`${dir} does not exist; create it with the training script, or fix the path (relative paths are read from the config file's folder)`);
  if (!stat.isDirectory()) throw new SourceBundleError(`${dir} is not a directory; point sourceDir at the folder that holds the training script`);
}

/** packs a source directory (hidden files, __pycache__ and *.pyc left out) and hashes it. */
export function bundleSource(dir: string): SourceBundle {
  checkedDir(dir);
  const files = listFiles(dir);
  if (files.length === 0) throw new SourceBundleError(`${dir} holds no files; put the training script in it`);
  const sha256 = createHash('sha256').update(tarOf(dir, files)).digest('hex');
  return { dir, files, sha256 };
}

/** the gzipped archive of a bundle (`sourcedir.tar.gz`), as the framework containers unpack it. */
export function sourceArchive(bundle: SourceBundle): Buffer {
  const tar = tarOf(bundle.dir, bundle.files);
  const sha256 = createHash('sha256').update(tar).digest('hex');
  if (sha256 !== bundle.sha256) throw new SourceBundleError(`${bundle.dir} changed since the config was loaded (hash ${sha256} instead of ${bundle.sha256}); run again`);
  return gzipSync(tar, { level: 9 });
}
