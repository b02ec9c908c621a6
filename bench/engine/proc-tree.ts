import { readdirSync, readFileSync } from 'node:fs';

// Per-process-tree accounting from /proc (trap 11: system-wide CPU under-reports bursty
// real-time loads on these VMs).

interface ProcStat {
  pid: number;
  ppid: number;
  own: number;
  reaped: number;
  // utime + stime + cutime + cstime, in clock ticks: reaped children's time is folded into
  // their parent's cutime/cstime, so short-lived decoders are not lost.
  ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    const n = (i: number): number => Number(fields[i] ?? 0);
    // Fields after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
    return {
      pid,
      ppid: n(1),
      ticks: n(11) + n(12) + n(13) + n(14),
      own: n(11) + n(12),
      reaped: n(13) + n(14),
    };
  } catch {
    return undefined;
  }
}

function allStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const s = readStat(Number(e));
    if (s) out.push(s);
  }
  return out;
}

function treePids(roots: number[]): number[] {
  const stats = allStats();
  const children = new Map<number, number[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return [...seen];
}

export function treeTicks(roots: number[]): number {
  let total = 0;
  for (const pid of treePids(roots)) total += readStat(pid)?.ticks ?? 0;
  return total;
}

function smapsKb(pid: number, key: 'Rss' | 'Pss'): number {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return Number(m?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export function treeMemoryKb(roots: number[]): { rss: number; pss: number; processes: number } {
  const pids = treePids(roots);
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    rss += smapsKb(pid, 'Rss');
    pss += smapsKb(pid, 'Pss');
  }
  return { rss, pss, processes: pids.length };
}

// Clock ticks per second; 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
export const CLK_TCK = 100;

// Where a tree's CPU goes: the root processes themselves, live encoders, and the rest
// (decoders, probes, children already reaped into a root's cutime). Ticks, cumulative.
export function treeBreakdown(roots: number[]): Record<string, number> {
  const out: Record<string, number> = { main: 0, encoders: 0, rest: 0 };
  let total = 0;
  for (const pid of treePids(roots)) {
    const st = readStat(pid);
    if (!st) continue;
    total += st.ticks;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    } catch {
      continue;
    }
    if (roots.includes(pid)) out.main = (out.main ?? 0) + st.own;
    else if (cmd.startsWith('gst-launch') && cmd.includes('fdsrc'))
      out.encoders = (out.encoders ?? 0) + st.ticks;
  }
  out.rest = total - (out.main ?? 0) - (out.encoders ?? 0);
  return out;
}
