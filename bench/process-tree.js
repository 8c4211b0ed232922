// CPU time and memory of a process *and its descendants*, sampled from /proc (Linux only). `qk6 run`
// on Node 20 relaunches Node with WebAssembly stack switching (src/cli/relaunch.ts), so the test
// runs in a child of the process a benchmark starts; both count, as both are what a user runs.
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = 100;

/** How often the whole of /proc is scanned for new descendants: every this many samples. */
const RESCAN_EVERY = 10;

/** [ppid, utime + stime in ticks, utime + stime of reaped children in ticks] of `pid`, if it exists. */
function statOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return [Number(fields[1]), Number(fields[11]) + Number(fields[12]), Number(fields[13]) + Number(fields[14])];
  } catch {
    return undefined; // gone
  }
}

/** `pid` and its descendants now (a scan of every process). */
function treeOf(pid) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry)) parents.set(Number(entry), statOf(entry)?.[0]);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

function rssMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * `pid`'s proportional set size: its resident pages, each page it shares divided among the
 * processes that map it. Summed over the tree, the pages the launcher and the relaunched Node
 * share (Node's own binary, ~37 MB) count once instead of twice.
 */
function pssMb(pid) {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Samples `pid`'s tree every 100 ms until stop(): `cpuSeconds` (all threads of every process, the
 * last reading of each), `rssMb` (the tree's resident memory now) and `peakRssMb` (its highest sum),
 * and `peakPssMb` (the highest sum of the tree's proportional set sizes, see {@link pssMb}).
 */
export function watchProcessTree(pid) {
  const stats = { cpuSeconds: 0, rssMb: 0, peakRssMb: 0, peakPssMb: 0 };
  const cpuTicks = new Map();
  let members = new Set([pid]);
  let samples = 0;
  const read = () => {
    if (samples++ % RESCAN_EVERY === 0) members = new Set([...members, ...treeOf(pid)]);
    let rss = 0;
    let pss = 0;
    let root;
    for (const member of members) {
      const row = statOf(member);
      if (row === undefined) continue;
      if (member === pid) root = row;
      cpuTicks.set(member, Math.max(cpuTicks.get(member) ?? 0, row[1]));
      rss += rssMb(member);
      pss += pssMb(member);
    }
    // A child reaped by the root has its whole time in the root's "children" column.
    const reapedTotal = root === undefined ? 0 : root[1] + root[2];
    let seenTotal = 0;
    for (const ticks of cpuTicks.values()) seenTotal += ticks;
    stats.cpuSeconds = Math.max(stats.cpuSeconds, Math.max(seenTotal, reapedTotal) / CLK_TCK);
    stats.rssMb = rss;
    stats.peakRssMb = Math.max(stats.peakRssMb, rss);
    stats.peakPssMb = Math.max(stats.peakPssMb, pss);
  };
  const timer = setInterval(read, 100);
  return { stats, stop: () => clearInterval(timer) };
}
