import { isAbsolute, relative, sep } from 'node:path';
import type { SourceLocation } from './model';

const FRAME = /\((.+):(\d+):(\d+)\)\s*$/;
const LIBRARY_FRAMES = /^\s*\.\.\.(.*) in (\S+?)\.\.\.\s*$/;

function splitLines(trace: string | readonly string[]): string[] {
  return (typeof trace === 'string' ? [trace] : [...trace]).flatMap((t) => t.split('\n'));
}

function displayPath(file: string, sourceRoot: string): string {
  const path = file.replace(/^file:\/\//, '');
  if (!isAbsolute(path)) return path;
  const rel = relative(sourceRoot, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}

/**
 * the first user frame of a CDK-recorded stack trace (`fn (/abs/file.ts:12:3)`, with or without a
 * leading `at`), the file made relative to `sourceRoot` when inside it; undefined when there is none.
 * Frames in `skipFiles` (paths relative to `sourceRoot`, e.g. a wrapper around
 * `Validations.acknowledge`) are passed over so the location is the wrapper's caller.
 */
export function firstUserFrame(trace: string | readonly string[], sourceRoot: string, skipFiles: readonly string[] = []): SourceLocation | undefined {
  for (const line of splitLines(trace)) {
    const match = FRAME.exec(line);
    if (!match || /[\\/]node_modules[\\/]/.test(match[1])) continue;
    const file = displayPath(match[1], sourceRoot);
    if (!skipFiles.includes(file)) return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

/**
 * the library that made an acknowledgement, read from its trace: CDK collapses library frames into
 * `...new Bucket2 in aws-cdk-lib...`; a trace that starts with the collapsed
 * `Validations.acknowledge` call was made by the app's own code (undefined).
 */
export function madeByLibrary(trace: string | readonly string[]): string | undefined {
  const first = splitLines(trace).find((l) => l.trim() !== '');
  const match = first === undefined ? null : LIBRARY_FRAMES.exec(first);
  if (!match || /(^|\.)Validations\.acknowledge$/.test(match[1])) return undefined;
  return match[2];
}

/** `file:line` for people and CSV cells. */
export function formatLocation(location: SourceLocation | undefined): string {
  return location ? `${location.file}:${location.line}` : '';
}
