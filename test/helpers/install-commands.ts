/**
 * finds the packages a shell command installs without pinning them to one exact version: npm
 * install/i/add (global or not), npx of a package the project does not provide, pip install,
 * yarn/pnpm add and gem install. `npm ci` installs the lockfile and is pinned by it.
 */

const EXACT_NPM = /^(@[a-z0-9._-]+\/)?[a-z0-9._-]+@\d+\.\d+\.\d+(-[0-9a-z.-]+)?$/i;
const EXACT_PIP = /^[A-Za-z0-9._-]+(\[[^\]]*\])?==\d[^\s]*$/;

/** the words of a command after a verb, flags dropped. */
function argumentsAfter(words: readonly string[], index: number): string[] {
  return words.slice(index + 1).filter((w) => !w.startsWith('-'));
}

/** what a command installs unpinned, as `<tool>: <package spec>`; empty when everything is pinned. */
export function unpinnedInstalls(command: string, localBins: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const part of command.split(/&&|\|\||;|\|/)) {
    const words = part.trim().split(/\s+/).filter((w) => w !== '' && w !== 'sudo');
    if (words.length === 0) continue;
    const [tool, verb] = words;
    if (['npm', 'pnpm', 'yarn'].includes(tool) && ['install', 'i', 'add'].includes(verb)) {
      const specs = argumentsAfter(words, 1);
      // a bare `npm install` installs the manifest with its lockfile... unless there is none: treat as unpinned
      if (specs.length === 0) found.push(`${tool} ${verb} without a package installs from package.json, not the lockfile (use npm ci)`);
      for (const spec of specs) if (!EXACT_NPM.test(spec)) found.push(`${tool}: ${spec}`);
    } else if (tool === 'npx') {
      const spec = argumentsAfter(words, 0)[0];
      if (spec !== undefined && !localBins.includes(spec) && !EXACT_NPM.test(spec)) found.push(`npx: ${spec}`);
    } else if (/^pip[0-9.]*$/.test(tool) && verb === 'install') {
      for (const spec of argumentsAfter(words, 1)) if (!EXACT_PIP.test(spec)) found.push(`${tool}: ${spec}`);
    } else if (tool === 'gem' && verb === 'install') {
      const specs = argumentsAfter(words, 1);
      if (!words.includes('-v') && !words.includes('--version')) found.push(...specs.map((s) => `gem: ${s}`));
    }
  }
  return found;
}
