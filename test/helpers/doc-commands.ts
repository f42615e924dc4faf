import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

/** one shell command found in the documentation. */
export interface DocCommand {
  /** the file it is in, relative to the repository root, and its line */
  readonly where: string;
  /** the command as written (one segment of a line: pipes, `&&` and comments cut off) */
  readonly text: string;
  /** its words after `npx` (and after any `NAME=value` assignments), quotes removed */
  readonly words: readonly string[];
}

const SHELL_FENCES = new Set(['bash', 'sh', 'shell', 'console', 'zsh']);
const BINARY = new Set(['.png', '.jpg', '.jpeg', '.gif', '.svg', '.pdf', '.ico']);

/** splits a command line into words: single and double quotes group, `[` `]` of usage synopses are dropped. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let started = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else if (ch !== '[' && ch !== ']') {
      word += ch;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
}

/** the commands of one piece of code text: cut at comments, `&&`, `||`, `;` and `|`, each segment on its own. */
function segments(code: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    if (ch === '#' && (i === 0 || /\s/.test(code[i - 1]))) break;
    if (ch === ';' || ch === '|' || (ch === '&' && code[i + 1] === '&')) {
      out.push(current);
      current = '';
      if (code[i + 1] === ch) i++;
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** the words of a segment that is an `npx ...` command, from the word after `npx`; undefined otherwise. */
function npxWords(segment: string): string[] | undefined {
  const words = shellWords(segment.replace(/\\`/g, '`'));
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) words.shift();
  if (words[0] !== 'npx') return undefined;
  const rest = words.slice(1);
  // prose after a command in an output listing, e.g. "npx cdk synth --quiet (every stack)"
  const prose = rest.findIndex((w) => w.startsWith('('));
  return prose === -1 ? rest : rest.slice(0, prose);
}

/** the code of a markdown file with the line each piece is on: shell fences line by line, `$ ` lines of other fences, inline spans. */
function markdownCode(text: string): { line: number; code: string }[] {
  const code: { line: number; code: string }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const open = /^\s*```(\w*)/.exec(raw);
    if (open) {
      fence = fence === undefined ? open[1] : undefined;
      return;
    }
    if (fence !== undefined) {
      const prompt = /^\s*\$ (.*)$/.exec(raw);
      if (prompt) code.push({ line, code: prompt[1] });
      else if (SHELL_FENCES.has(fence)) code.push({ line, code: raw });
      return;
    }
    for (const span of raw.matchAll(/`([^`]+)`/g)) code.push({ line, code: span[1] });
  });
  return code;
}

/** the code of any other text file: every line, with a leading comment marker removed (scripts show usage in comments). */
function plainCode(text: string): { line: number; code: string }[] {
  return text.split('\n').map((raw, index) => ({ line: index + 1, code: raw.replace(/^\s*#\s?/, '') }));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** every `npx ...` command in README.md and the text files under docs/. */
export function documentedCommands(repoRoot: string): DocCommand[] {
  const files = [join(repoRoot, 'README.md'), ...filesUnder(join(repoRoot, 'docs')).filter((f) => !BINARY.has(extname(f)))];
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const pieces = extname(file) === '.md' ? markdownCode(text) : plainCode(text);
    return pieces.flatMap(({ line, code }) =>
      segments(code).flatMap((segment) => {
        const words = npxWords(segment);
        return words ? [{ where: `${relative(repoRoot, file)}:${line}`, text: segment, words }] : [];
      }),
    );
  });
}

/** `cdk` flags that take a value (the value is not a stack name). */
const CDK_VALUE_FLAGS = new Set(['-a', '--app', '-c', '--context', '--profile', '-o', '--output', '--require-approval', '--concurrency', '--method', '--role-arn', '-r']);

/** the stack patterns of a `cdk synth|diff|deploy` command's words (after `npx`), or undefined for any other command. */
export function cdkStackPatterns(words: readonly string[]): string[] | undefined {
  if (words[0] !== 'cdk' || !['synth', 'diff', 'deploy'].includes(words[1])) return undefined;
  const patterns: string[] = [];
  for (let i = 2; i < words.length; i++) {
    if (CDK_VALUE_FLAGS.has(words[i])) i++;
    else if (!words[i].startsWith('-')) patterns.push(words[i]);
  }
  return patterns;
}

/** whether a stack pattern selects a stack id as the CDK CLI does (`*` within a path segment, `**` across). */
export function selectsStack(pattern: string, hierarchicalId: string): boolean {
  const source = pattern
    .split('**')
    .map((part) => part.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`).test(hierarchicalId);
}
