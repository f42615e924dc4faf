// Measures a command as a whole process tree on Linux: wall time, CPU time (user + sys of the
// command and every descendant it waited for) and the peak resident memory of the whole tree,
// sampled from /proc every 100 ms. Used by the synth and test benchmarks; not a test.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** what one run of a command cost. */
export interface TreeMeasurement {
  /** the command's exit code (null when killed by a signal) */
  readonly status: number | null;
  /** wall time in seconds */
  readonly wallSeconds: number;
  /** user + sys CPU time of the command and its descendants, in seconds */
  readonly cpuSeconds: number;
  /** the largest sum of VmRSS over the command's process tree seen at one sample, in MiB */
  readonly peakTreeRssMib: number;
  /** the largest VmRSS of one process of the tree, in MiB */
  readonly peakProcessRssMib: number;
  /** the 1-minute load average when the command started and when it ended */
  readonly load: readonly [number, number];
  /** the last 4000 characters of stdout + stderr */
  readonly tail: string;
}

/** clock ticks per second of /proc times (USER_HZ is 100 on every Linux architecture node runs on). */
const USER_HZ = 100;

/** user + sys ticks of this process's waited-for children (fields 16 and 17 of /proc/self/stat). */
function childCpuTicks(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): cutime is field 16, cstime field 17
  return Number(fields[13]) + Number(fields[14]);
}

function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/** pid -> [parent pid, VmRSS in KiB] for every process visible now. */
function processTable(): Map<number, [number, number]> {
  const table = new Map<number, [number, number]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const rss = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      table.set(Number(entry), [ppid, rss]);
    } catch {
      // the process ended between readdir and read
    }
  }
  return table;
}

/** the summed and the largest VmRSS (KiB) of `root` and its descendants. */
function treeRss(root: number): [number, number] {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, [ppid]] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let sum = 0;
  let max = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    const rss = table.get(pid)?.[1] ?? 0;
    sum += rss;
    max = Math.max(max, rss);
    queue.push(...(children.get(pid) ?? []));
  }
  return [sum, max];
}

/** runs `command args` in `cwd` and measures its process tree. */
export function measureTree(command: string, args: readonly string[], options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv }): Promise<TreeMeasurement> {
  return new Promise((resolve, reject) => {
    const loadBefore = loadAverage();
    const ticksBefore = childCpuTicks();
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let peakTree = 0;
    let peakProcess = 0;
    const sample = () => {
      if (child.pid === undefined) return;
      const [sum, max] = treeRss(child.pid);
      peakTree = Math.max(peakTree, sum);
      peakProcess = Math.max(peakProcess, max);
    };
    const timer = setInterval(sample, 100);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (status) => {
      clearInterval(timer);
      resolve({
        status,
        wallSeconds: Number(process.hrtime.bigint() - start) / 1e9,
        cpuSeconds: (childCpuTicks() - ticksBefore) / USER_HZ,
        peakTreeRssMib: peakTree / 1024,
        peakProcessRssMib: peakProcess / 1024,
        load: [loadBefore, loadAverage()],
        tail,
      });
    });
  });
}

/** the median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
