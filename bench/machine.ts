// How busy the machine is with work that is not the bench's. It is shared (other test
// runs start and stop while the bench measures), so every measurement records the share
// of all CPUs that other processes used meanwhile: everything /proc/stat counts as busy,
// less what this process and its descendants (servers, Prism, PostgreSQL and its
// backends) used. Linux only; elsewhere the share is unknown (null).
import { readdirSync, readFileSync } from 'node:fs';

interface Ticks {
  readonly busy: number;
  readonly total: number;
}

function machineTicks(): Ticks | undefined {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = fields.reduce((sum, n) => sum + n, 0);
    // idle and iowait are the idle ones.
    return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/** CPU ticks (user + system, with those of reaped children) of `root` and every process below it. */
function treeTicks(root: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // The command sits in parentheses and may hold spaces: the fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(name);
    parent.set(pid, Number(fields[1]));
    // utime, stime, cutime, cstime are fields 14-17 of stat, 11-14 after the command.
    ticks.set(
      pid,
      [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0),
    );
  }
  const inTree = (pid: number): boolean => {
    for (let current: number | undefined = pid, hops = 0; current !== undefined && hops < 64; hops++) {
      if (current === root) return true;
      current = parent.get(current);
    }
    return false;
  };
  let sum = 0;
  for (const [pid, value] of ticks) if (inTree(pid)) sum += value;
  return sum;
}

export interface Watch {
  /** The share of all CPUs (0–1) other processes used since the watch started; null where unknown. */
  stop(): number | null;
}

export function watchOthers(): Watch {
  const machine = machineTicks();
  const ours = treeTicks(process.pid);
  return {
    stop: () => {
      const machineAfter = machineTicks();
      const oursAfter = treeTicks(process.pid);
      if (
        machine === undefined ||
        machineAfter === undefined ||
        ours === undefined ||
        oursAfter === undefined
      ) {
        return null;
      }
      const elapsed = machineAfter.total - machine.total;
      if (elapsed <= 0) return null;
      const others = machineAfter.busy - machine.busy - (oursAfter - ours);
      return Math.min(1, Math.max(0, others / elapsed));
    },
  };
}

/** The share of all CPUs busy (anyone's) over `ms`, sampled before the bench adds load of its own. */
export async function busyShare(ms: number): Promise<number | null> {
  const before = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineTicks();
  if (before === undefined || after === undefined || after.total === before.total) return null;
  return (after.busy - before.busy) / (after.total - before.total);
}
