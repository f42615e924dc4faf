import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';

/** one link or image in a markdown file. */
export interface DocLink {
  /** the file it is in, relative to the repository root, and its line */
  readonly where: string;
  /** the target as written: `docs/operators.md#autoscaling`, `#quick-start` */
  readonly target: string;
}

/** the lines of a markdown file that are prose: fenced code blocks blanked, inline code spans removed. */
function proseLines(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const open = /^\s*(```+|~~~+)/.exec(line);
    if (open) {
      if (fence === undefined) fence = open[1][0];
      else if (open[1][0] === fence) fence = undefined;
      return '';
    }
    return fence === undefined ? line.replace(/`+[^`]*`+/g, '') : '';
  });
}

/** the plain text of a heading as GitHub renders it: code spans kept as text, links as their text, emphasis marks dropped. */
function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*|__|\*/g, '')
    .trim();
}

/** GitHub's anchor for a heading: lowercase, punctuation removed (letters, digits, `-`, `_` and spaces stay), spaces as `-`. */
export function githubSlug(heading: string): string {
  return headingText(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** every anchor a markdown file defines: its headings' slugs (repeats get `-1`, `-2`, ...) and explicit `<a id|name>`. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const open = /^\s*(```+|~~~+)/.exec(line);
    if (open) {
      if (fence === undefined) fence = open[1][0];
      else if (open[1][0] === fence) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const slug = githubSlug(heading[1]);
      const n = seen.get(slug) ?? 0;
      seen.set(slug, n + 1);
      anchors.add(n === 0 ? slug : `${slug}-${n}`);
    }
    for (const explicit of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(explicit[1]);
  }
  return anchors;
}

/** every link and image of a markdown file's prose: `[text](target)`, `![alt](target)`, `[ref]: target`, `href=` and `src=`. */
export function linksOf(text: string, file: string): DocLink[] {
  const links: DocLink[] = [];
  proseLines(text).forEach((line, index) => {
    const add = (target: string) => links.push({ where: `${file}:${index + 1}`, target: target.trim().replace(/^<|>$/g, '').split(/\s+"/)[0] });
    for (const m of line.matchAll(/!?\[(?:[^\]]|\][^(])*\]\(([^)\s]+(?:\s+"[^"]*")?)\)/g)) add(m[1]);
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(\S+)/.exec(line);
    if (definition) add(definition[1]);
    for (const m of line.matchAll(/\s(?:href|src)="([^"]+)"/g)) add(m[1]);
  });
  return links;
}

/** what is wrong with one relative link, or undefined when its file (and anchor) exist; absolute URLs are not checked. */
export function linkProblem(link: DocLink, fromFile: string, repoRoot: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) return undefined;
  const [pathPart, anchor] = link.target.split('#', 2) as [string, string | undefined];
  const target = pathPart === '' ? fromFile : resolve(dirname(fromFile), decodeURIComponent(pathPart));
  if (!existsSync(target)) return `${link.where}: ${link.target}: ${relative(repoRoot, target)} does not exist`;
  if (anchor === undefined || anchor === '') return undefined;
  if (statSync(target).isDirectory() || extname(target) !== '.md') return `${link.where}: ${link.target}: an anchor into a file that is not markdown`;
  if (!anchorsOf(readFileSync(target, 'utf8')).has(decodeURIComponent(anchor))) {
    return `${link.where}: ${link.target}: ${relative(repoRoot, target)} has no heading with the anchor #${anchor}`;
  }
  return undefined;
}

/** README.md and every markdown file under docs/, as absolute paths. */
export function documentationFiles(repoRoot: string): string[] {
  const docs = join(repoRoot, 'docs');
  const under = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? under(path) : extname(path) === '.md' ? [path] : [];
    });
  return [join(repoRoot, 'README.md'), ...under(docs)];
}

/** the problems of every relative link and anchor in README.md and docs/, and how many links were checked. */
export function documentationLinkProblems(repoRoot: string): { checked: number; problems: string[] } {
  let checked = 0;
  const problems: string[] = [];
  for (const file of documentationFiles(repoRoot)) {
    for (const link of linksOf(readFileSync(file, 'utf8'), relative(repoRoot, file))) {
      checked++;
      const problem = linkProblem(link, file, repoRoot);
      if (problem) problems.push(problem);
    }
  }
  return { checked, problems };
}
