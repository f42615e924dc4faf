// @ts-check
/* global console */
/**
 * `npm run test:mutation`: runs Stryker once per module group of stryker.config.mjs (one after the
 * other, so each group's sandbox and reports stay separate), then prints the score of every
 * module and how long each group took.
 *
 *   npm run test:mutation                                  every group
 *   npm run test:mutation -- --group smoke,cost            some groups (or MUTATION_GROUP=smoke,cost)
 *   npm run test:mutation -- --group smoke --incremental   any other option goes to `stryker run`
 *   node bin/mutation-test.mjs --scores [--before <git ref>] [--group ...]
 *       only print the scores of the last reports; with --before, also the score that the test
 *       files existing at that commit reach (a mutant counts when one of those tests killed it)
 *
 * The reports are reports/mutation/<group>/mutation.json and mutation.html.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { GROUPS } from '../stryker.config.mjs';

/** @param {string[]} argv */
function parseArgs(argv) {
  const rest = [];
  let groups = (process.env.MUTATION_GROUP ?? '').split(',').filter((g) => g !== '');
  let scoresOnly = false;
  let before;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--group' || arg === '--groups') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value: one or more of ${Object.keys(GROUPS).join(', ')}, separated by commas`);
      groups = value.split(',').filter((g) => g !== '');
    } else if (arg === '--scores') scoresOnly = true;
    else if (arg === '--before') {
      before = argv[++i];
      if (before === undefined) throw new Error('--before needs a git commit, e.g. --before main');
    } else rest.push(arg);
  }
  for (const g of groups) {
    if (!(g in GROUPS)) throw new Error(`"${g}" is not a mutation group; use one or more of ${Object.keys(GROUPS).join(', ')}, separated by commas`);
  }
  return { groups: groups.length > 0 ? groups : Object.keys(GROUPS), rest, scoresOnly, before };
}

/** the test files that existed at a commit (for the "before" score). */
function testFilesAt(ref) {
  const out = spawnSync('git', ['ls-tree', '-r', '--name-only', ref], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`git ls-tree ${ref} failed: ${out.stderr.trim()}; give --before a commit or branch that exists`);
  return new Set(out.stdout.split('\n').filter((f) => f.endsWith('.test.ts')));
}

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

/**
 * the score of each module of a group's report: detected (killed or timed out) over the mutants
 * that ran or had no test (compile errors and ignored mutants are not counted, as Stryker does).
 * @param {string} group
 * @param {Set<string> | undefined} oldTests
 */
function groupScores(group, oldTests) {
  const file = `reports/mutation/${group}/mutation.json`;
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const oldIds = new Set();
  if (oldTests) {
    for (const [path, testFile] of Object.entries(report.testFiles ?? {})) {
      const relative = path.replace(/^.*?(?=(test|containers)\/)/, '');
      if (oldTests.has(relative)) for (const t of testFile.tests) oldIds.add(t.id);
    }
  }
  return Object.entries(report.files).map(([module, { mutants }]) => {
    const counted = mutants.filter((m) => COUNTED.has(m.status));
    const detected = counted.filter((m) => DETECTED.has(m.status));
    const beforeDetected = detected.filter((m) => (m.status === 'Killed' ? m.killedBy ?? [] : m.coveredBy ?? []).some((id) => oldIds.has(id)));
    return {
      module,
      mutants: counted.length,
      survived: counted.filter((m) => m.status === 'Survived').length,
      noCoverage: counted.filter((m) => m.status === 'NoCoverage').length,
      score: counted.length === 0 ? 100 : (100 * detected.length) / counted.length,
      before: counted.length === 0 ? 100 : (100 * beforeDetected.length) / counted.length,
    };
  });
}

const pct = (n) => `${n.toFixed(1)} %`;
const pad = (s, n) => String(s).padEnd(n);
const duration = (ms) => `${Math.floor(ms / 60000)} min ${String(Math.round((ms % 60000) / 1000)).padStart(2, '0')} s`;

/** @param {string[]} groups @param {Map<string, number>} times @param {Set<string> | undefined} oldTests */
function printScores(groups, times, oldTests) {
  const lines = [];
  const header = ['group', 'module', 'mutants', 'survived', 'no test', ...(oldTests ? ['before'] : []), 'score'];
  const rows = [];
  for (const group of groups) {
    const scores = groupScores(group, oldTests);
    if (scores === undefined) {
      rows.push([group, '(no report: run the group first)', '', '', '', ...(oldTests ? [''] : []), '']);
      continue;
    }
    for (const s of scores) rows.push([group, s.module, s.mutants, s.survived, s.noCoverage, ...(oldTests ? [pct(s.before)] : []), pct(s.score)]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  lines.push('', 'mutation score per module', header.map((h, i) => pad(h, widths[i])).join('  ').trimEnd());
  for (const r of rows) lines.push(r.map((c, i) => pad(c, widths[i])).join('  ').trimEnd());
  if (times.size > 0) {
    lines.push('', 'run time per group');
    let total = 0;
    for (const [group, ms] of times) {
      total += ms;
      lines.push(`  ${pad(group, 12)}${duration(ms)}`);
    }
    lines.push(`  ${pad('total', 12)}${duration(total)}`);
  }
  console.log(lines.join('\n'));
}

let parsed;
let oldTests;
try {
  parsed = parseArgs(process.argv.slice(2));
  oldTests = parsed.before === undefined ? undefined : testFilesAt(parsed.before);
} catch (err) {
  console.error(`mutation-test: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
const { groups, rest, scoresOnly } = parsed;
const times = new Map();
let failed = false;
if (!scoresOnly) {
  for (const group of groups) {
    console.log(`\n== mutation group ${group}: ${GROUPS[group].mutate.join(', ')}`);
    const start = Date.now();
    const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...rest], { stdio: 'inherit', env: { ...process.env, MUTATION_GROUP: group } });
    times.set(group, Date.now() - start);
    if (run.status !== 0) {
      console.error(`mutation group ${group} failed (stryker exited ${run.status ?? run.signal}); see its output above`);
      failed = true;
    }
  }
}
printScores(groups, times, oldTests);
process.exitCode = failed ? 1 : 0;
