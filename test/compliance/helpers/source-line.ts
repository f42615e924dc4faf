import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** the repository root. */
export const ROOT = join(__dirname, '..', '..', '..');

/** `file:line` of the line of a repository file that holds `marker`, as the report prints locations. */
export function lineOf(file: string, marker: string): string {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(marker));
  if (index === -1) throw new Error(`${marker} is not in ${file}`);
  return `${file}:${index + 1}`;
}
